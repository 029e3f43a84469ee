// The console's pages are valid HTML (the Nu HTML Checker, vnu-jar, on the
// machine's Java), carry no inline script or style, and link only to our
// own stylesheets.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { BACKENDS } from '../store/backends.ts';
import { type AdminWorld, adminWorld, get, login, post, type Session } from './helpers.ts';
import { articleRows, dbOf } from '../../src/store/index.ts';

const run = promisify(execFile);
const VNU = createRequire(import.meta.url)('vnu-jar') as string;

describe('console pages: valid HTML, no inline script or style', () => {
  let world: AdminWorld;
  let session: Session;
  before(async () => {
    world = await adminWorld(BACKENDS[0]!);
    const { session: s } = await login(world.app);
    assert.ok(s);
    session = s;
  });
  after(async () => {
    await world?.close();
  });

  test('every section, the login form, a form with its errors and a feed test', async (t) => {
    const pub = world.w.server.publications.find((p) => p.language === 'fr')!;
    const image = await dbOf(world.w.store)
      .selectFrom('images')
      .select('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await post(world.app, '/admin/moderation/block', { image: String(image.id) }, session);
    const article = (await articleRows(world.w.store, pub.slug))[0]!;
    const pages: Record<string, () => Promise<{ statusCode: number; body: string }>> = {
      login: () => get(world.app, '/admin/login'),
      home: () => get(world.app, '/admin', session),
      moderation: () => get(world.app, '/admin/moderation', session),
      sources: () => get(world.app, '/admin/sources', session),
      'source-new': () => get(world.app, '/admin/sources/new', session),
      'source-edit': () => get(world.app, `/admin/sources/${pub.slug}/edit`, session),
      'source-refused': () =>
        post(world.app, '/admin/sources/new', { action: 'save', slug: 'X', feeds: 'nope' }, session),
      'feed-test': () =>
        post(world.app, '/admin/sources/new', { action: 'test', feeds: pub.feeds[0]!.url }, session),
      import: () => get(world.app, '/admin/sources/import', session),
      health: () => get(world.app, '/admin/health', session),
      'source-pace': () => get(world.app, `/admin/sources/${pub.slug}`, session),
      failing: () => get(world.app, '/admin/health/failing', session),
      takedowns: () => get(world.app, `/admin/takedowns?article=${article.id}`, session),
      audit: () => get(world.app, '/admin/audit', session),
    };
    const files: string[] = [];
    for (const [name, load] of Object.entries(pages)) {
      const res = await load();
      assert.ok([200, 400].includes(res.statusCode), `${name}: ${res.statusCode}`);
      assert.doesNotMatch(res.body, /<script|\sstyle=|<style/i, `${name}: no inline script or style`);
      for (const href of res.body.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) {
        const css = await world.app.inject({ url: href[1]! });
        assert.equal(css.statusCode, 200, `${href[1]} is served`);
        assert.match(String(css.headers['content-type']), /^text\/css/);
      }
      const file = join(world.w.dir, `admin-${name}.html`);
      writeFileSync(file, res.body);
      files.push(file);
    }
    try {
      await run('java', ['-version']);
    } catch {
      t.skip('no java on this machine: install default-jre-headless to run the Nu HTML Checker');
      return;
    }
    const { stderr, stdout } = await run(
      'java',
      ['-jar', VNU, '--format', 'json', '--errors-only', '--stdout', ...files],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((err: { stdout: string; stderr: string }) => err);
    const report = JSON.parse(stdout || stderr || '{"messages":[]}') as {
      messages: Array<{ type: string; url: string; message: string; lastLine?: number }>;
    };
    const errors = report.messages.filter((m) => m.type === 'error');
    assert.deepEqual(
      errors.map((e) => `${e.url.split('/').pop()}:${e.lastLine}: ${e.message}`),
      [],
    );
  });
});
