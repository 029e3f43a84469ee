// `kiosque migrate-db --from sqlite:… --to postgres://…`: moves an
// installation to another database, with a progress bar, resumable after an
// interruption (run the same command again), and the counts of every table
// checked at the end.
import cliProgress from 'cli-progress';
import { closeDatabase, compareCounts, copyDatabase, openDatabase } from '../store/index.ts';
import { redact } from '../store/connect.ts';
import { KiosqueError } from '../util/errors.ts';
import { parseFlags, positiveInt } from './args.ts';

const USAGE = 'kiosque migrate-db --from <database url> --to <database url> [--batch-size N]';

export async function migrateDbCommand(argv: string[]): Promise<number> {
  const { flags } = parseFlags(
    argv,
    { from: { type: 'string' }, to: { type: 'string' }, 'batch-size': { type: 'string' } },
    USAGE,
  );
  if (typeof flags.from !== 'string' || typeof flags.to !== 'string') {
    throw new KiosqueError({ kind: 'config', message: `migrate-db needs --from and --to\nusage: ${USAGE}` });
  }
  if (flags.from === flags.to) {
    throw new KiosqueError({ kind: 'config', message: '--from and --to name the same database' });
  }
  const batchSize = positiveInt(flags['batch-size'], 'batch-size', 1000);
  const from = await openDatabase(flags.from);
  const to = await openDatabase(flags.to);
  const out = process.stderr;
  try {
    out.write(`copying ${from.describe} → ${to.describe}\n`);
    const bars = out.isTTY
      ? new cliProgress.MultiBar(
          { format: '{table} [{bar}] {value}/{total}', stream: out, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    const bar = new Map<string, cliProgress.SingleBar>();
    let lastLine = '';
    await copyDatabase(from, to, {
      batchSize,
      onProgress({ table, copied, total }) {
        if (bars) {
          let b = bar.get(table);
          if (!b) {
            b = bars.create(Math.max(total, 1), 0, { table: table.padEnd(18) });
            bar.set(table, b);
          }
          b.setTotal(Math.max(total, 1));
          b.update(copied, { table: table.padEnd(18) });
        } else {
          // Not a terminal: a line per table and per tenth.
          const line = `${table}: ${copied}/${total}`;
          const tenth = total ? Math.floor((copied / total) * 10) : 10;
          if (
            line !== lastLine &&
            (copied === 0 || copied === total || tenth !== Math.floor(((copied - 1) / total) * 10))
          ) {
            out.write(`${line}\n`);
            lastLine = line;
          }
        }
      },
    });
    bars?.stop();
    const counts = await compareCounts(from, to);
    const wrong = counts.filter((c) => c.source !== c.target);
    for (const c of counts) {
      process.stdout.write(
        `${c.table.padEnd(20)} ${String(c.source).padStart(10)} → ${String(c.target).padStart(10)}${c.source === c.target ? '' : '  MISMATCH'}\n`,
      );
    }
    if (wrong.length) {
      throw new KiosqueError({
        kind: 'database',
        message: `the copy does not match for ${wrong.map((w) => w.table).join(', ')}: is something still writing to ${redact(flags.from)}? Stop it and run the same command again`,
      });
    }
    process.stdout.write('copy complete: every table has the same number of rows on both sides\n');
    return 0;
  } finally {
    await closeDatabase(from);
    await closeDatabase(to);
  }
}
