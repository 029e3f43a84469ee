// Writes benchmark sections into docs/benchmarks.md: each section replaces
// the one of the same title (so each bench keeps one, the latest), and says
// on which machine and when it was measured.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';

const PATH = new URL('../docs/benchmarks.md', import.meta.url);
const HEAD =
  '# Benchmarks\n\nFigures from `npm run bench…` on the machine named in each section. The machine is shared: expect ±20 % between runs; compare ratios to the floor measured in the same run.\n';

/** "2026-11-29 04:30" in UTC. */
export function runDate(): string {
  return new Date().toISOString().slice(0, 16).replace('T', ' ');
}

/** "Run <date> UTC on <cores, CPU, memory, Node>." */
export function runLine(): string {
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM (${(freemem() / 2 ** 30).toFixed(0)} GB free), Node ${process.version}, ${process.platform}`;
  return `Run ${runDate()} UTC on ${machine}.`;
}

/** Puts `section` (starting with "## <title>") in place of the section of that title, or at the end. */
export function saveSection(title: string, section: string): void {
  let doc: string;
  try {
    doc = readFileSync(PATH, 'utf8');
  } catch {
    doc = HEAD;
  }
  const escaped = title.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&');
  const marker = new RegExp(`## ${escaped}[\\s\\S]*?(?=\\n## |$)`);
  doc = marker.test(doc) ? doc.replace(marker, section) : `${doc.trimEnd()}\n\n${section}`;
  writeFileSync(PATH, `${doc.trimEnd()}\n`);
  console.log(`written to docs/benchmarks.md: ${title}`);
}

/** A section with an intro and one table. */
export function writeReport(
  title: string,
  intro: string,
  header: string[],
  rows: Array<Array<string | number | undefined>>,
): void {
  const section = [
    `## ${title}`,
    '',
    runLine(),
    '',
    intro,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
  saveSection(title, section);
}
