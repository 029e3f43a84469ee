// `kiosque extract`, called as a function: from a file, from the fixture
// press server, and its exit codes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { type PressServer, startPressServer } from '../fixtures/press-server/index.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/pages/fr-wordpress/source.html', import.meta.url));

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = `import { extractCommand } from './src/cli/extract.ts';
process.exitCode = await extractCommand(process.argv.slice(1));`;

/**
 * Runs the command in a child process (main.ts wires it as `kiosque
 * extract`; here it is called directly), its output captured: the test
 * runner owns this process's stdout.
 */
function run(
  argv: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', ENTRY, ...argv],
      { cwd: ROOT, env: { ...process.env, ...extraEnv }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('kiosque extract', () => {
  let server: PressServer;
  let env: Record<string, string>;
  before(async () => {
    server = await startPressServer();
    env = { KIOSQUE_ALLOW_HOSTS: server.allowHosts.join(','), KIOSQUE_HOST_DELAY_MS: '0' };
  });
  after(async () => {
    await server.close();
  });

  test('--html-file --json: extracted and sanitized, the URL as base', async () => {
    const r = await run([
      'https://lematin-express.ma/2025/03/tramway-sidi-moumen/',
      '--html-file',
      FIXTURE,
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.title, 'Casablanca : le tramway prolongé jusqu’à Sidi Moumen');
    assert.equal(out.author, 'Salma Bennani');
    assert.equal(out.publishedAt, '2025-03-14T08:30:00.000Z');
    assert.equal(out.language, 'fr');
    assert.match(out.contentHtml, /<p>La ligne T1 du tramway/);
    assert.doesNotMatch(out.contentHtml, /data:image|<script|<form/);
    assert.match(out.text, /Le coût du prolongement/);
    assert.ok(out.images.some((i: { url: string }) => i.url.endsWith('/tramway-casa.jpg')));
  });

  test('readable output from a page fetched on loopback', async () => {
    const pub = server.publications.find((p) => p.language === 'ar') ?? server.publications[0]!;
    const entry = pub.entries(pub.feeds[0]!.url)[0]!;
    const r = await run([entry.url], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^title {7}/m);
    assert.ok(r.stdout.includes(entry.title.replace(/\s+/g, ' ').trim()));
    assert.match(r.stdout, /── text ──/);
  });

  test('exit codes: 2 for usage, 1 for a fetch failure with its kind', async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['https://a.example/', '--bogus'])).code, 2);
    assert.equal((await run(['https://a.example/', '--html-file', '/no/such/file.html'])).code, 2);
    const missing = await run([`${server.publications[0]!.origin}/2020/01/no-such-article.html`], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /http_status/);
    // Loopback is refused unless allowed: the address guard applies.
    const blocked = await run([`${server.publications[0]!.origin}/`], { KIOSQUE_ALLOW_HOSTS: '' });
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /blocked_address/);
  });
});
