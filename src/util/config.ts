// The one typed configuration object, read from the environment and checked
// at start: every mistake is named with the variable and what is expected.
import { KiosqueError } from './errors.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  sourcesFile: string;
  allowHosts: string[];
  hostDelayMs: number;
  contactUrl: string;
  /** Feeds polled at the same time by one worker. */
  concurrency: number;
  /** How long a worker holds a feed it leased; a dead worker's feeds return after this. */
  leaseSeconds: number;
  /** How long an idle worker sleeps before it looks for due feeds again. */
  workerIdleMs: number;
  logLevel: string;
}

export const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  databaseUrl: 'sqlite:./data/kiosque.db',
  sourcesFile: 'config/sources.yaml',
  hostDelayMs: 1000,
  contactUrl: 'https://github.com/kiosque/kiosque',
  concurrency: 8,
  leaseSeconds: 600,
  workerIdleMs: 5000,
  logLevel: 'info',
} as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number between ${min} and ${max}`);
      return fallback;
    }
    return n;
  };
  const contactUrl = env.KIOSQUE_CONTACT_URL?.trim() || DEFAULTS.contactUrl;
  if (!/^https?:\/\/|^mailto:/.test(contactUrl)) {
    problems.push(
      `KIOSQUE_CONTACT_URL="${contactUrl}" must be an http(s) or mailto: URL publishers can reach`,
    );
  }
  const logLevel = env.LOG_LEVEL?.trim() || DEFAULTS.logLevel;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL="${logLevel}" must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  // Read by story detection (src/store/stories/settings.ts); checked here so a mistake stops the start.
  const storyWindow = env.KIOSQUE_STORY_WINDOW_HOURS?.trim();
  if (storyWindow && !(Number(storyWindow) > 0 && Number(storyWindow) <= 24 * 365)) {
    problems.push(
      `KIOSQUE_STORY_WINDOW_HOURS="${storyWindow}" must be a number of hours greater than 0 (at most a year)`,
    );
  }
  const indexDays = env.KIOSQUE_STORY_INDEX_DAYS?.trim();
  if (indexDays && !(Number(indexDays) > 0 && Number(indexDays) <= 36_500)) {
    problems.push(`KIOSQUE_STORY_INDEX_DAYS="${indexDays}" must be a number of days (at most 36500)`);
  }
  const config: Config = {
    port: int('PORT', DEFAULTS.port, 0, 65535),
    host: env.HOST?.trim() || DEFAULTS.host,
    databaseUrl: env.DATABASE_URL?.trim() || DEFAULTS.databaseUrl,
    sourcesFile: env.KIOSQUE_SOURCES?.trim() || DEFAULTS.sourcesFile,
    allowHosts: (env.KIOSQUE_ALLOW_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    hostDelayMs: int('KIOSQUE_HOST_DELAY_MS', DEFAULTS.hostDelayMs, 0, 600_000),
    contactUrl,
    concurrency: int('KIOSQUE_CONCURRENCY', DEFAULTS.concurrency, 1, 256),
    // At least the longest feed run (60 s total limit, discovery included) with room to spare.
    leaseSeconds: int('KIOSQUE_LEASE_SECONDS', DEFAULTS.leaseSeconds, 5, 86_400),
    workerIdleMs: int('KIOSQUE_WORKER_IDLE_MS', DEFAULTS.workerIdleMs, 50, 600_000),
    logLevel,
  };
  if (problems.length) {
    throw new KiosqueError({ kind: 'config', message: `configuration error:\n  ${problems.join('\n  ')}` });
  }
  return config;
}
