// `npm run demo` as a newcomer meets it (issue 17, points 1 and 2): it says
// where the site is and how to enter the console, the printed name and
// password open the console, and a second run reuses one database file in
// place of leaving one behind per run.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { demoPublications } from '../fixtures/press-server/demo-news.ts';
import { freePort } from './run.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the demo and resolves with what it printed once it says it is ready. */
function startDemo(dir: string, port: number): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    cwd: ROOT,
    env: { ...process.env, KIOSQUE_DEMO_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the demo never said it was ready:\n${out}\n${err}`)),
      90_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/Ctrl-C stops it/.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo ended (${code}) before it was ready:\n${out}\n${err}`));
    });
  });
  return { child, ready };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const closed = new Promise((resolve) => child.on('close', resolve));
  child.kill('SIGTERM');
  await closed;
}

/** Logs in through the console's form, as a browser would; returns the session cookie or null. */
async function logIn(origin: string, name: string, password: string): Promise<string | null> {
  const page = await fetch(`${origin}/admin/login`);
  assert.equal(page.status, 200);
  const loginCookie = /kiosque_admin_login=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(loginCookie && csrf, 'the login page sets its cookie and token');
  const res = await fetch(`${origin}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin,
      cookie: `kiosque_admin_login=${loginCookie}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: csrf, name, password }).toString(),
  });
  const sid = /kiosque_admin=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  return res.status === 303 && sid ? sid : null;
}

test('the demo prints its addresses and a console login that works, and keeps one database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-demo-'));
  // What an older demo left behind: one database per run.
  writeFileSync(join(dir, 'kiosque-1733400000000.db'), '');
  try {
    for (let round = 1; round <= 2; round++) {
      const port = await freePort();
      const { child, ready } = startDemo(dir, port);
      try {
        const said = await ready;
        const origin = `http://localhost:${port}`;
        assert.match(said, new RegExp(`in French +${origin}/fr/`));
        assert.match(said, new RegExp(`in Arabic +${origin}/ar/`));
        const login = /the console +(\S+) +name: (\S+) +password: (\S+)/.exec(said);
        assert.ok(login, said);
        assert.equal(login[1], `${origin}/admin`);
        const home = await fetch(`${origin}/fr/`);
        assert.equal(home.status, 200);
        const doc = new JSDOM(await home.text()).window.document;
        // Point 10: the home shows the demo's written news, not generated word salad.
        const written = new Set(
          demoPublications()
            .flatMap((p) => p.feeds.flatMap((f) => f.articles ?? []))
            .map((a) => a.title),
        );
        const headlines = [...doc.querySelectorAll('main a[href]')]
          .filter((a) => /^\/(fr|ar)\/[a-z0-9-]+\/\d+$/.test(a.getAttribute('href') ?? ''))
          .map((a) => a.textContent?.trim() ?? '')
          .filter((text) => text !== ''); // the cards' image links
        assert.ok(headlines.length >= 10, `the home lists articles: ${headlines.length}`);
        for (const h of headlines) assert.ok(written.has(h), `a written headline: ${h}`);
        // And its stories join French and Arabic coverage of one event.
        const stories = [...doc.querySelectorAll('a[href^="/fr/story/"]')].map((a) => a.getAttribute('href'));
        assert.ok(stories.length > 0, 'the home shows stories');
        let bilingual = 0;
        for (const story of new Set(stories)) {
          const page = await (await fetch(`${origin}${story}`)).text();
          if (/class="other-language"/.test(page)) bilingual++;
        }
        assert.ok(bilingual > 0, 'a story on the home has coverage in both languages');
        assert.ok(await logIn(origin, login[2]!, login[3]!), 'the printed login opens the console');
        assert.equal(await logIn(origin, login[2]!, `${login[3]}x`), null, 'and a wrong password does not');
      } finally {
        await stop(child);
      }
      const databases = readdirSync(dir).filter((f) => /\.db$/.test(f));
      assert.deepEqual(databases, ['kiosque.db'], `round ${round}: one database, the old ones gone`);
    }
    assert.ok(existsSync(join(dir, 'sources.yaml')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
