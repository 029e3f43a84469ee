// npm run demo — Kiosque working with no internet: the fixture press server
// plays six French and Arabic publications on 127.0.0.1, Kiosque is pointed
// at it, crawls once (feeds and article pages), makes a console operator,
// then serves the site on port 3000 (PORT to change it) while its crawler
// keeps polling, and says where to look and how to log in. Ctrl-C stops
// both.
//
// Everything lives in ./data/demo/ (KIOSQUE_DEMO_DIR to put it elsewhere):
// one database, made anew at each run, since the press server's ports change
// from run to run and the last run's articles would point nowhere.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoPublications } from '../test/fixtures/press-server/demo-news.ts';
import { startPressServer } from '../test/fixtures/press-server/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = resolve(process.env.KIOSQUE_DEMO_DIR ?? join(root, 'data', 'demo'));
mkdirSync(dir, { recursive: true });
// The last run's database (and the kiosque-<time>.db files older demos left
// behind, one per run), and its cached images: all of the last press.
for (const name of readdirSync(dir)) {
  if (/^kiosque(-\d+)?\.db(-wal|-shm|-journal)?$/.test(name) || name === 'image-cache')
    rmSync(join(dir, name), { recursive: true, force: true });
}
const database = join(dir, 'kiosque.db');
/** A path as the terminal's user would type it: relative when under the current folder. */
const shown = (path: string) =>
  relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path);

// The six publications with the demo's written news (real-looking, in both languages).
const server = await startPressServer({ publications: demoPublications() });
const sourcesFile = join(dir, 'sources.yaml');
writeFileSync(sourcesFile, server.sourcesYaml());
const port = process.env.PORT ?? '3000';
const env = {
  ...process.env,
  KIOSQUE_SOURCES: sourcesFile,
  DATABASE_URL: `sqlite:${database}`,
  KIOSQUE_ALLOW_HOSTS: server.allowHosts.join(','),
  KIOSQUE_HOST_DELAY_MS: process.env.KIOSQUE_HOST_DELAY_MS ?? '100',
  KIOSQUE_IMAGE_CACHE: join(dir, 'image-cache'),
  // The demo's articles are shorter than real ones (33 to 90 words, their
  // leads under 32): below 32 words a feed's text is a teaser here, so the
  // feeds that give whole articles are read as such, and the pages of the
  // others are fetched for the rest of the text.
  KIOSQUE_TEASER_MIN_WORDS: process.env.KIOSQUE_TEASER_MIN_WORDS ?? '32',
  PORT: port,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
const bin = join(root, 'bin', 'kiosque.js');

console.log(`Press server: ${server.publications.length} publications on ${server.allowHosts.join(', ')}`);
for (const p of server.publications) console.log(`  ${p.slug.padEnd(18)} ${p.homepage}`);

// `stdin`: a line to give the command (and its own output is not shown).
const run = (args: string[], stdin?: string) =>
  new Promise<number>((done) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env,
      stdio: stdin === undefined ? 'inherit' : ['pipe', 'ignore', 'inherit'],
    });
    if (stdin !== undefined) child.stdin!.end(`${stdin}\n`);
    child.on('close', (code) => done(code ?? 1));
  });

const quit = async (code: number) => {
  await server.close();
  process.exit(code);
};

console.log('\nFirst crawl…');
const crawled = await run(['crawl', '--once']);
if (crawled !== 0) await quit(crawled);

// An operator for the console, with a password made for this run: it is
// printed below, and goes with the database at the next run.
const operator = 'demo';
const password = randomBytes(12).toString('base64url');
const created = await run(['admin', 'create', operator], password);
if (created !== 0) await quit(created);

// The site says its own address once it listens (a port already taken is
// one sentence and exit 2, not an address announced and then a failure).
console.log(`\nStarting the site on port ${port}…\n`);
const site = spawn(process.execPath, [bin, 'start'], { env, stdio: 'inherit' });
const stop = () => site.kill('SIGTERM');
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
site.on('close', (code) => void quit(code ?? 0));

// Once the site answers, what to open and how to enter the console.
const base = `http://localhost:${port}`;
for (let i = 0; i < 300; i++) {
  const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) {
    console.log(
      [
        '',
        'The demo is ready:',
        `  the site, in French    ${base}/fr/`,
        `  the site, in Arabic    ${base}/ar/`,
        `  the console            ${base}/admin   name: ${operator}   password: ${password}`,
        `Its database is ${shown(database)}, made anew at each run. Ctrl-C stops it.`,
        '',
      ].join('\n'),
    );
    break;
  }
  await new Promise((r) => setTimeout(r, 100));
}
