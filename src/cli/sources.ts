// `kiosque sources import <file.opml>`, `kiosque sources export` and
// `kiosque sources check`: the sources file and OPML, both ways.
import { readFile, writeFile } from 'node:fs/promises';
import { loadConfig } from '../config/index.ts';
import { loadSourcesFile, mergeIntoSourcesYaml, parseOpml, toOpml } from '../sources/index.ts';
import { KiosqueError } from '../util/errors.ts';
import { asksForHelp, HelpRequested, parseFlags } from './args.ts';

const USAGE =
  'kiosque sources import <file.opml> [--dry-run] | kiosque sources export [--output <file.opml>] | kiosque sources check';

export async function sourcesCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (asksForHelp([sub ?? ''])) throw new HelpRequested(USAGE);
  const config = loadConfig(process.env);
  if (sub === 'export') {
    const { flags } = parseFlags(rest, { output: { type: 'string', short: 'o' } }, USAGE);
    const opml = toOpml(await loadSourcesFile(config.sourcesFile), 'Kiosque sources');
    if (typeof flags.output === 'string') await writeFile(flags.output, opml);
    else process.stdout.write(opml);
    return 0;
  }
  if (sub === 'check') {
    parseFlags(rest, {}, USAGE);
    const sources = await loadSourcesFile(config.sourcesFile);
    const feeds = sources.reduce((n, s) => n + s.feeds.length, 0);
    process.stdout.write(`${config.sourcesFile}: ${sources.length} sources, ${feeds} feeds, all valid\n`);
    return 0;
  }
  if (sub === 'import') {
    const { flags, positionals } = parseFlags(rest, { 'dry-run': { type: 'boolean' } }, USAGE);
    const file = positionals[0];
    if (!file) throw new KiosqueError({ kind: 'config', message: `which OPML file?\nusage: ${USAGE}` });
    let opmlText: string;
    try {
      opmlText = await readFile(file, 'utf8');
    } catch (err) {
      throw new KiosqueError({ kind: 'config', message: `cannot read ${file}: ${(err as Error).message}` });
    }
    const incoming = parseOpml(opmlText);
    await loadSourcesFile(config.sourcesFile); // the file we write into must be valid first
    const yamlText = await readFile(config.sourcesFile, 'utf8');
    const { text, added, skipped } = mergeIntoSourcesYaml(yamlText, incoming);
    if (!flags['dry-run'] && added.length) await writeFile(config.sourcesFile, text);
    const verb = flags['dry-run'] ? 'would add' : 'added';
    process.stdout.write(
      `${verb} ${added.length} source(s) to ${config.sourcesFile}${added.length ? `: ${added.join(', ')}` : ''}\n`,
    );
    for (const s of skipped) process.stdout.write(`skipped ${s.slug}: ${s.reason}\n`);
    return 0;
  }
  throw new KiosqueError({
    kind: 'config',
    message: `unknown sources command "${sub ?? ''}"\nusage: ${USAGE}`,
  });
}
