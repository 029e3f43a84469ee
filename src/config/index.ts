// Reading the configuration (once, in the CLI) and handing its values to the
// modules in the shapes they take.
import type { TeaserRule } from '../ingest/teaser.ts';
import { DEFAULT_TOKEN_BUCKET_S, type ReportConfig } from '../moderation/config.ts';
import { KiosqueError } from '../util/errors.ts';
import { BadValue, type Config, type ConfigOption, OPTIONS } from './options.ts';

export { BadValue, type Config, type ConfigOption, maskDatabaseUrl, OPTIONS } from './options.ts';

type Entry = [keyof Config, ConfigOption<unknown>];
const ENTRIES = Object.entries(OPTIONS) as Entry[];

/** The raw value that counts, or undefined when the variable leaves the default. */
function rawOf(
  option: ConfigOption<unknown>,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const raw = env[option.name];
  if (raw === undefined) return undefined;
  if (option.emptyIsValue) return raw;
  return raw.trim() === '' ? undefined : raw.trim();
}

/**
 * Reads every variable of the table from `env`, checks them all, and throws
 * one configuration error listing each malformed value (variable, value,
 * what is expected).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const values: Partial<Record<keyof Config, unknown>> = {};
  const problems: string[] = [];
  for (const [key, option] of ENTRIES) {
    const raw = rawOf(option, env);
    if (raw === undefined) {
      values[key] = option.fallback(values as Partial<Config>);
      continue;
    }
    try {
      values[key] = option.parse(raw, values as Partial<Config>);
    } catch (err) {
      const message = (err as Error).message;
      problems.push(err instanceof BadValue ? `${option.name}="${raw}" ${message}` : message);
      values[key] = option.fallback(values as Partial<Config>);
    }
  }
  if (problems.length) {
    throw new KiosqueError({ kind: 'config', message: `configuration error:\n  ${problems.join('\n  ')}` });
  }
  return values as Config;
}

/** Every default: for tests, benchmarks and modules built without an environment. */
export function defaultConfig(): Config {
  return loadConfig({});
}

export interface ConfigLine {
  name: string;
  /** As `kiosque config` shows it: secrets masked. */
  value: string;
  source: 'default' | 'environment';
  default: string;
  doc: string;
}

/** The effective configuration, one line per variable, secrets masked. */
export function describeConfig(env: Readonly<Record<string, string | undefined>>): ConfigLine[] {
  const config = loadConfig(env);
  return ENTRIES.map(([key, option]) => ({
    name: option.name,
    value: option.show ? option.show(config[key]) : String(config[key]),
    source: rawOf(option, env) === undefined ? 'default' : 'environment',
    default: option.defaultText,
    doc: option.doc,
  }));
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** The README's configuration table. */
export function configMarkdownTable(): string {
  const rows = ENTRIES.map(([, o]) => {
    const fallback =
      o.defaultText === ''
        ? '(empty)'
        : o.defaultText.startsWith('(')
          ? o.defaultText
          : `\`${o.defaultText}\``;
    return `| \`${o.name}\` | ${cell(fallback)} | ${cell(o.doc)} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export function teaserRuleOf(config: Config): TeaserRule {
  return { minWords: config.teaserMinWords, endings: config.teaserEndings };
}

export function reportConfigOf(config: Config): ReportConfig {
  return {
    threshold: config.reportThreshold,
    trustProxy: config.trustProxy,
    secret: config.secret,
    limits: {
      perReader: config.reportLimitReader,
      perAddress: config.reportLimitAddress,
      windowS: config.reportLimitWindowS,
    },
    tokenBucketS: DEFAULT_TOKEN_BUCKET_S,
  };
}

export function pageCacheSettingsOf(config: Config): { enabled: boolean; maxBytes: number; maxAgeS: number } {
  return {
    enabled: config.pageCache,
    maxBytes: config.pageCacheMb * 1024 * 1024,
    maxAgeS: config.pageMaxAgeS,
  };
}

export function imageProxySettingsOf(config: Config): {
  cacheDir: string;
  maxCacheBytes: number;
  revalidateAfterMs: number;
} {
  return {
    cacheDir: config.imageCacheDir,
    maxCacheBytes: config.imageCacheMb * 1024 * 1024,
    revalidateAfterMs: config.imageMaxAgeS * 1000,
  };
}
