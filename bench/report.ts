// Writes one benchmark's section into docs/benchmarks.md, replacing the
// section of the same title (so each bench keeps one, the latest), with the
// machine and the date.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';

export function writeReport(
  title: string,
  intro: string,
  header: string[],
  rows: Array<Array<string | number | undefined>>,
) {
  const path = new URL('../docs/benchmarks.md', import.meta.url);
  let doc: string;
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    doc =
      '# Benchmarks\n\nFigures from `npm run bench…` on the machine named in each section. The machine is shared: expect ±20 % between runs; compare ratios to the floor measured in the same run.\n';
  }
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM (${(freemem() / 2 ** 30).toFixed(0)} GB free), Node ${process.version}, ${process.platform}`;
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const section = [
    `## ${title}`,
    '',
    `Run ${date} UTC on ${machine}.`,
    '',
    intro,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
  const escaped = title.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&');
  const marker = new RegExp(`## ${escaped}[\\s\\S]*?(?=\\n## |$)`);
  doc = marker.test(doc) ? doc.replace(marker, section) : `${doc.trimEnd()}\n\n${section}`;
  writeFileSync(path, `${doc.trimEnd()}\n`);
  console.log(`written to docs/benchmarks.md: ${title}`);
}
