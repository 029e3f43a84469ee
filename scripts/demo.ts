// npm run demo — Kiosque working with no internet: the fixture press server
// plays six French and Arabic publications on 127.0.0.1, Kiosque is pointed
// at it, crawls once (feeds and article pages), then serves the site on
// port 3000 (PORT to change it) while its crawler keeps polling. Ctrl-C stops
// both. The demo's database and sources file live in ./data/demo/.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPressServer } from '../test/fixtures/press-server/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = resolve(root, 'data', 'demo');
mkdirSync(dir, { recursive: true });

const server = await startPressServer();
const sourcesFile = join(dir, 'sources.yaml');
writeFileSync(sourcesFile, server.sourcesYaml());
const env = {
  ...process.env,
  KIOSQUE_SOURCES: sourcesFile,
  // A fresh database each time: the press server's ports change from run to run.
  DATABASE_URL: `sqlite:${join(dir, `kiosque-${Date.now()}.db`)}`,
  KIOSQUE_ALLOW_HOSTS: server.allowHosts.join(','),
  KIOSQUE_HOST_DELAY_MS: process.env.KIOSQUE_HOST_DELAY_MS ?? '100',
  KIOSQUE_IMAGE_CACHE: join(dir, 'image-cache'),
  PORT: process.env.PORT ?? '3000',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
const bin = join(root, 'bin', 'kiosque.js');

console.log(`Press server: ${server.publications.length} publications on ${server.allowHosts.join(', ')}`);
for (const p of server.publications) console.log(`  ${p.slug.padEnd(18)} ${p.homepage}`);

const run = (args: string[]) =>
  new Promise<number>((done) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: 'inherit' });
    child.on('close', (code) => done(code ?? 1));
  });

console.log('\nFirst crawl…');
const crawled = await run(['crawl', '--once']);
if (crawled !== 0) {
  await server.close();
  process.exit(crawled);
}
// The site says its own address once it listens (a port already taken is
// one sentence and exit 2, not an address announced and then a failure).
console.log(`\nStarting the site on port ${env.PORT} (Ctrl-C to stop)…\n`);
const site = spawn(process.execPath, [bin, 'start'], { env, stdio: 'inherit' });
const stop = () => site.kill('SIGTERM');
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
site.on('close', async (code) => {
  await server.close();
  process.exit(code ?? 0);
});
