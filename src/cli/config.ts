// `kiosque config [--json] [--markdown]`: the effective configuration, each
// variable with its value and where it came from, secrets masked.
import { configMarkdownTable, describeConfig } from '../config/index.ts';
import { parseFlags } from './args.ts';

const USAGE = 'kiosque config [--json] [--markdown]';

export function configCommand(argv: string[], env: Readonly<Record<string, string | undefined>>): number {
  const { flags } = parseFlags(argv, { json: { type: 'boolean' }, markdown: { type: 'boolean' } }, USAGE);
  // The README's table, from the same table the configuration is read with.
  if (flags.markdown) {
    process.stdout.write(`${configMarkdownTable()}\n`);
    return 0;
  }
  const lines = describeConfig(env);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(lines, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...lines.map((l) => l.name.length));
  for (const l of lines) {
    const value = l.value === '' ? '(empty)' : l.value;
    process.stdout.write(`${l.name.padEnd(width)}  ${value}  (${l.source})\n`);
  }
  return 0;
}
