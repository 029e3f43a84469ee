// Argument parsing for `kiosque` commands (node:util parseArgs, strict):
// an unknown flag is an error with the command's usage, not ignored.
import { parseArgs } from 'node:util';
import { KiosqueError } from '../util/errors.ts';

export type Flags = Record<string, string | boolean | undefined>;

/** `--help` or `-h` given to a command: main prints its usage and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super('help requested');
  }
}

/** True when the arguments ask for help (before a `--` that ends the flags). */
export function asksForHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

export function parseFlags(
  argv: string[],
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>,
  usage: string,
): { flags: Flags; positionals: string[] } {
  // Every command answers --help with its usage (a command that has its own
  // `help` flag handles it itself).
  if (!options.help && asksForHelp(argv)) throw new HelpRequested(usage);
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { flags: values as Flags, positionals };
  } catch (err) {
    throw new KiosqueError({ kind: 'config', message: `${(err as Error).message}\nusage: ${usage}` });
  }
}

export function positiveInt(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 1 || n > 1024) {
    throw new KiosqueError({ kind: 'config', message: `--${name} must be a whole number from 1 to 1024` });
  }
  return n;
}
