// The operator's console over a real crawl, on SQLite and (when
// KIOSQUE_TEST_DATABASE_URL is set) PostgreSQL: every /admin route refuses a
// request without a session (the routes are read from Fastify itself), login
// and its rate limits, CSRF and origin checks, takedowns (410, gone from
// feeds out, sitemaps and the API, not brought back by a crawl or a restart),
// sources made in the console surviving the sync, "test this feed now"
// storing nothing, OPML both ways, feed health, moderation, the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseSourcesFile } from '../../src/sources/index.ts';
import {
  articleRows,
  countArticles,
  listAudit,
  listSourcesWithFeeds,
  readSiteVersion,
  syncSources,
  dbOf,
} from '../../src/store/index.ts';
import { BACKENDS } from '../store/backends.ts';
import {
  type AdminWorld,
  adminWorld,
  BASE,
  cookieValue,
  csrfOf,
  get,
  login,
  OPERATOR,
  PASSWORD,
  post,
  registeredRoutes,
  type Session,
  setCookies,
} from './helpers.ts';

/** A concrete URL for a route pattern (any value will do: the guard answers first). */
const concrete = (path: string) => path.replace(/:id/g, '1').replace(/:[a-z]+/g, 'x');

for (const backend of BACKENDS) {
  describe(`console on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let world: AdminWorld;
    let session: Session;

    before(async () => {
      world = await adminWorld(backend);
      const { session: s } = await login(world.app);
      assert.ok(s, 'the operator logs in');
      session = s;
    });
    after(async () => {
      await world?.close();
    });

    const actions = async () => (await listAudit(world.w.store, { limit: 500 })).items;

    test('every /admin route, as Fastify lists them, refuses a request without a session', async () => {
      const routes = registeredRoutes(world.app).filter(
        (r) => r.path === '/admin' || r.path.startsWith('/admin/'),
      );
      assert.ok(routes.length >= 15, `the console's routes are listed (${routes.length})`);
      let checked = 0;
      for (const { path, methods } of routes) {
        for (const method of methods) {
          if (path === '/admin/login') continue; // the way in
          const url = concrete(path);
          const res = await world.app.inject({
            method: method as 'GET',
            url,
            headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded' },
            payload: method === 'GET' || method === 'HEAD' ? undefined : 'a=1',
          });
          if (method === 'GET' || method === 'HEAD') {
            assert.equal(res.statusCode, 303, `${method} ${url} without a session`);
            assert.match(String(res.headers.location), /^\/admin\/login/);
          } else {
            assert.equal(res.statusCode, 401, `${method} ${url} without a session`);
          }
          assert.equal(res.headers['cache-control'], 'no-store');
          checked++;
        }
      }
      assert.ok(checked >= 25, `${checked} route and method pairs checked`);
      // Spellings the router sends to the same handlers are guarded too.
      for (const url of [
        '/%61dmin/sources',
        '/admin/%73ources',
        '/./admin/audit',
        '/admin/../admin/health',
      ]) {
        const res = await world.app.inject({ url });
        assert.equal(res.statusCode, 303, url);
        const posted = await post(
          world.app,
          url.replace(/sources$|audit$|health$/, 'takedowns/article'),
          {},
          null,
        );
        assert.equal(posted.statusCode, 401, `POST ${url}`);
      }
      // A made-up cookie is no session either.
      const forged = await world.app.inject({
        url: '/admin/sources',
        headers: { cookie: 'kiosque_admin=forged' },
      });
      assert.equal(forged.statusCode, 303);
    });

    test('every console post without its CSRF token, or from another origin, is refused (403)', async () => {
      const posts = registeredRoutes(world.app).filter(
        (r) => r.path.startsWith('/admin/') && r.methods.includes('POST') && r.path !== '/admin/login',
      );
      assert.ok(posts.length >= 12);
      for (const { path } of posts) {
        const url = concrete(path);
        const noToken = await post(world.app, url, { reason: 'x' }, session, { csrf: false });
        assert.equal(noToken.statusCode, 403, `${url} without a token`);
        const wrong = await post(world.app, url, { reason: 'x', _csrf: 'not-the-token' }, session, {
          csrf: false,
        });
        assert.equal(wrong.statusCode, 403, `${url} with a wrong token`);
        const foreign = await post(world.app, url, { reason: 'x' }, session, {
          origin: 'https://evil.example',
        });
        assert.equal(foreign.statusCode, 403, `${url} from another origin`);
        const noOrigin = await post(world.app, url, { reason: 'x' }, session, { origin: null });
        assert.equal(noOrigin.statusCode, 403, `${url} naming no origin`);
      }
      // The token also travels as a header, for scripts.
      const viaHeader = await world.app.inject({
        method: 'POST',
        url: '/admin/takedowns/article',
        headers: {
          cookie: session.cookie,
          origin: BASE,
          'x-csrf-token': session.csrf,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'article=&reason=',
      });
      assert.equal(viaHeader.statusCode, 400, 'past the guard: the form itself is wrong');
      // The login form checks its origin and its own token too.
      const page = await get(world.app, '/admin/login');
      const forged = await world.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { origin: BASE, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${csrfOf(page.body)}&name=${OPERATOR}&password=${encodeURIComponent(PASSWORD)}`,
      });
      assert.equal(forged.statusCode, 403, 'a login post without the login cookie');
    });

    test('login: the right password opens a session with a safe cookie; wrong ones fail; logout ends it', async () => {
      const wrong = await login(world.app, OPERATOR, 'not the password at all', '192.0.2.10');
      assert.equal(wrong.res.statusCode, 401);
      assert.equal(wrong.session, null);
      assert.match(wrong.res.body, /Nom ou mot de passe incorrect/);
      const unknown = await login(world.app, 'nobody', PASSWORD, '192.0.2.10');
      assert.equal(unknown.res.statusCode, 401);

      const ok = await login(world.app, OPERATOR, PASSWORD, '192.0.2.11');
      assert.equal(ok.res.statusCode, 303);
      assert.equal(ok.res.headers.location, '/admin');
      const cookie = setCookies(ok.res).find((c) => c.startsWith('kiosque_admin='));
      assert.ok(cookie);
      for (const part of ['HttpOnly', 'SameSite=Strict', 'Path=/admin'])
        assert.ok(cookie.includes(part), part);
      assert.ok(!cookie.includes('Secure'), 'plain HTTP from a client that is not a proxy: no Secure');
      assert.ok(ok.session);
      const home = await get(world.app, '/admin', ok.session);
      assert.equal(home.statusCode, 200);
      assert.equal(home.headers['cache-control'], 'no-store');
      assert.match(home.body, /<html lang="fr"/);
      assert.doesNotMatch(home.body, /<script|style="/);

      // Behind the trusted proxy, TLS at the proxy makes the cookie Secure.
      const page = await world.app.inject({ url: '/admin/login', headers: { 'x-forwarded-proto': 'https' } });
      const loginCookie = setCookies(page).find((c) => c.startsWith('kiosque_admin_login='));
      assert.ok(loginCookie?.includes('Secure'));
      const tls = await world.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: {
          'x-forwarded-proto': 'https',
          'x-forwarded-for': '198.51.100.7',
          origin: BASE,
          cookie: `kiosque_admin_login=${cookieValue(page, 'kiosque_admin_login')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: `_csrf=${csrfOf(page.body)}&name=${OPERATOR}&password=${encodeURIComponent(PASSWORD)}`,
      });
      assert.equal(tls.statusCode, 303);
      assert.ok(
        setCookies(tls)
          .find((c) => c.startsWith('kiosque_admin='))
          ?.includes('Secure'),
      );
      // ... but a client that is not the proxy cannot claim TLS.
      const spoof = await world.app.inject({
        url: '/admin/login',
        remoteAddress: '203.0.113.9',
        headers: { 'x-forwarded-proto': 'https' },
      });
      assert.ok(
        !setCookies(spoof)
          .find((c) => c.startsWith('kiosque_admin_login='))
          ?.includes('Secure'),
      );

      // Another web process knows the session: it lives in the database.
      const other = await world.buildApp();
      assert.equal((await get(other, '/admin/sources', ok.session)).statusCode, 200);

      // Sessions expire: one whose time is up is no session.
      const again = await login(world.app, OPERATOR, PASSWORD, '192.0.2.12');
      assert.ok(again.session);
      await dbOf(world.w.store)
        .updateTable('admin_sessions')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where(
          'created_at',
          '=',
          (
            await dbOf(world.w.store)
              .selectFrom('admin_sessions')
              .select((eb) => eb.fn.max('created_at').as('m'))
              .executeTakeFirstOrThrow()
          ).m as string,
        )
        .execute();
      assert.equal((await get(world.app, '/admin', again.session)).statusCode, 303, 'an expired session');
      assert.equal((await get(world.app, '/admin', ok.session)).statusCode, 200, 'the other one lives on');

      const out = await post(world.app, '/admin/logout', {}, ok.session);
      assert.equal(out.statusCode, 303);
      assert.match(String(setCookies(out)[0]), /^kiosque_admin=; .*Max-Age=0/);
      assert.equal((await get(world.app, '/admin', ok.session)).statusCode, 303, 'the session is gone');
      assert.equal((await get(other, '/admin', ok.session)).statusCode, 303, 'everywhere');
      const log = await actions();
      assert.ok(log.some((e) => e.action === 'login' && e.operatorName === OPERATOR));
      assert.ok(log.some((e) => e.action === 'logout' && e.operatorName === OPERATOR));
    });

    test('login attempts are rate-limited per name and per address, across processes', async () => {
      // Per name: five failures, then even the right password waits.
      for (let i = 0; i < 5; i++) {
        const r = await login(world.app, 'karim', `wrong password ${i}`, '192.0.2.20');
        assert.equal(r.res.statusCode, 401, `attempt ${i + 1}`);
      }
      const limited = await login(world.app, 'karim', 'wrong password again', '192.0.2.21');
      assert.equal(limited.res.statusCode, 429);
      assert.match(
        limited.res.body,
        /Trop de tentatives de connexion infructueuses pour ce nom\. Réessayez dans \d+ minutes?\./,
      );
      assert.ok(Number(limited.res.headers['retry-after']) > 0);
      // Another process on the same database refuses it too.
      const other = await world.buildApp();
      assert.equal((await login(other, 'karim', 'x', '192.0.2.22')).res.statusCode, 429);

      // Per address: twenty failures under any names, then that address waits.
      for (let i = 0; i < 20; i++) {
        const r = await login(world.app, `name${i}`, 'wrong password', '192.0.2.30');
        assert.equal(r.res.statusCode, 401, `attempt ${i + 1}`);
      }
      const blocked = await login(world.app, OPERATOR, PASSWORD, '192.0.2.30');
      assert.equal(blocked.res.statusCode, 429);
      assert.match(blocked.res.body, /depuis cette adresse/);
      // The operator, from elsewhere, is not locked out.
      assert.equal((await login(world.app, OPERATOR, PASSWORD, '192.0.2.31')).res.statusCode, 303);
    });

    test('an article taken down answers 410 and leaves the lists, feeds out, sitemaps and the API; a crawl does not bring it back', async () => {
      const store = world.w.store;
      const slug = world.w.server.publications.find((p) => p.language === 'fr')!.slug;
      const rows = await articleRows(store, slug);
      const victim = rows[0]!;
      const id = Number(victim.id);
      const pageUrl = `/fr/${slug}/${id}`;
      assert.equal((await get(world.app, pageUrl)).statusCode, 200);
      assert.equal(
        (await get(world.app, pageUrl)).headers['x-kiosque-cache'],
        'hit',
        'the page is in the page cache',
      );
      const day = victim.published_at.slice(0, 10);
      const lists = async () => ({
        rss: (await get(world.app, `/fr/${slug}/rss.xml`)).body,
        edition: (await get(world.app, '/fr/rss.xml')).body,
        api: (await get(world.app, `/api/v1/articles?source=${slug}&limit=100`)).body,
        sitemap: [
          (await get(world.app, `/sitemaps/${day}.xml`)).body,
          (
            await get(
              world.app,
              `/sitemaps/${new Date(Date.parse(victim.published_at) + 86_400_000).toISOString().slice(0, 10)}.xml`,
            )
          ).body,
          (await get(world.app, '/sitemaps/news.xml')).body,
        ].join('\n'),
      });
      const before = await lists();
      assert.ok(before.rss.includes(`${BASE}${pageUrl}<`) || before.rss.includes(`${BASE}${pageUrl}"`));
      assert.ok(before.api.includes(`"id":${id},`));
      assert.ok(before.sitemap.includes(`${BASE}${pageUrl}<`));

      // The form finds it by its page on the site.
      const res = await post(
        world.app,
        '/admin/takedowns/article',
        { article: `${BASE}${pageUrl}`, reason: 'Demande de l’éditeur, courriel du 28/11' },
        session,
      );
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin/takedowns?msg=article-taken-down');

      const gone = await get(world.app, pageUrl);
      assert.equal(gone.statusCode, 410);
      assert.match(gone.body, /retiré à la demande de son éditeur/);
      const api = await get(world.app, `/api/v1/articles/${id}`);
      assert.equal(api.statusCode, 410);
      assert.equal(JSON.parse(api.body).error, 'gone');
      assert.equal(
        (await get(world.app, '/fr/le-quotidien/999999999')).statusCode,
        404,
        'a never-seen id is still 404',
      );
      const after = await lists();
      for (const [name, body] of Object.entries(after)) {
        assert.ok(!body.includes(`${BASE}${pageUrl}<`) && !body.includes(`"id":${id},`), `gone from ${name}`);
      }

      // The publisher still lists it: the next crawl keeps it out.
      const summary = await world.w.crawl();
      assert.ok(summary);
      const again = await articleRows(store, slug);
      assert.ok(
        !again.some((r) => r.identity === victim.identity || r.canonical_url === victim.canonical_url),
      );
      assert.equal((await get(world.app, pageUrl)).statusCode, 410);

      const td = await get(world.app, '/admin/takedowns', session);
      assert.match(td.body, /Demande de l’éditeur, courriel du 28\/11/);
      const entry = (await actions()).find((e) => e.action === 'takedown.article');
      assert.equal(entry?.operatorName, OPERATOR);
      assert.equal(entry?.target, `article ${id}`);
      // A takedown without a reason is refused.
      const noReason = await post(
        world.app,
        '/admin/takedowns/article',
        { article: String(Number(again[0]!.id)), reason: '' },
        session,
      );
      assert.equal(noReason.statusCode, 400);
    });

    test('a source taken down: every article 410, gone from the site, never crawled again, even after a restart and a sync', async () => {
      const store = world.w.store;
      const pub = world.w.server.publications.find((p) => p.language === 'ar')!;
      const rows = await articleRows(store, pub.slug);
      assert.ok(rows.length > 3);
      const res = await post(
        world.app,
        '/admin/takedowns/source',
        { source: pub.slug, reason: 'Le journal refuse la reprise', confirm: 'yes' },
        session,
      );
      assert.equal(res.statusCode, 303);
      assert.equal((await articleRows(store, pub.slug)).length, 0);
      for (const r of rows.slice(0, 3)) {
        assert.equal((await get(world.app, `/ar/${pub.slug}/${r.id}`)).statusCode, 410);
        assert.equal((await get(world.app, `/api/v1/articles/${r.id}`)).statusCode, 410);
      }
      // Its own page lists nothing at once (and answers 404 once the site's
      // list of sources, kept 5 s per process, is read again; a fresh process at once).
      const articleLink = new RegExp(`/ar/${pub.slug}/\\d`);
      const own = await get(world.app, `/ar/${pub.slug}`);
      assert.ok(own.statusCode === 404 || !articleLink.test(own.body));
      assert.equal(
        (await get(await world.buildApp(), `/ar/${pub.slug}`)).statusCode,
        404,
        'its page is gone',
      );
      for (const url of ['/ar/rss.xml', '/ar/atom.xml', '/sitemaps/news.xml', '/ar/'])
        assert.doesNotMatch((await get(world.app, url)).body, articleLink, url);
      const api = JSON.parse((await get(world.app, '/api/v1/articles?limit=100')).body) as {
        items: Array<{ source: string }>;
      };
      assert.ok(api.items.length > 0 && !api.items.some((i) => i.source === pub.slug), 'gone from the API');
      assert.ok(!(await get(world.app, '/api/v1/sources')).body.includes(`"slug":"${pub.slug}"`));

      // A restart syncs the sources file, which still lists it enabled: it stays off.
      await syncSources(store, parseSourcesFile(world.w.server.sourcesYaml({}), world.w.sourcesPath));
      const summary = await world.w.crawl(pub.slug);
      assert.equal(summary.feeds, 0, 'no feed of it is polled');
      await world.w.crawl();
      assert.equal((await articleRows(store, pub.slug)).length, 0, 'nothing of it comes back');
      const confirmed = await post(
        world.app,
        '/admin/takedowns/source',
        { source: pub.slug, reason: 'x' },
        session,
      );
      assert.equal(confirmed.statusCode, 400, 'without the confirmation box');
      assert.ok(
        (await actions()).some((e) => e.action === 'takedown.source' && e.target === `source ${pub.slug}`),
      );
      // The console will not switch it back on by mistake.
      const enable = await post(world.app, `/admin/sources/${pub.slug}/enable`, {}, session);
      assert.equal(enable.statusCode, 409);
    });

    test('a crawl in flight when its source is taken down stores nothing of it', async () => {
      const store = world.w.store;
      const server = world.w.server;
      const pub = server.publications.filter((p) => p.language === 'ar')[1]!;
      const feedPath = new URL(pub.feeds[0]!.url).pathname;
      server.publish(pub.slug, 3); // new articles, no tombstone for them
      server.setFault(pub.slug, { kind: 'slow', ms: 1200 });
      const mark = performance.timeOrigin + performance.now();
      const crawling = world.w.crawl(pub.slug);
      // Wait until the publisher is being asked (the crawl holds its lease), then take it down.
      while (!server.requests.some((r) => r.path === feedPath && r.startedAt >= mark)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const res = await post(
        world.app,
        '/admin/takedowns/source',
        { source: pub.slug, reason: 'Demande reçue pendant un relevé', confirm: 'yes' },
        session,
      );
      assert.equal(res.statusCode, 303);
      const summary = await crawling;
      server.setFault(pub.slug, null);
      assert.equal(summary.feeds, 1, 'the run went through');
      assert.equal((await articleRows(store, pub.slug)).length, 0, 'and kept nothing');
    });

    test('"test this feed now" shows the entries and stores nothing', async () => {
      const store = world.w.store;
      const pub = world.w.server.publications.find((p) => p.language === 'fr')!;
      const feedUrl = pub.feeds[0]!.url;
      const counts = async () => ({
        articles: await countArticles(store),
        sources: (await listSourcesWithFeeds(store)).length,
        feeds: (await listSourcesWithFeeds(store)).reduce((n, s) => n + s.feeds.length, 0),
        version: await readSiteVersion(store),
        audit: (await actions()).length,
      });
      const beforeCounts = await counts();
      const res = await post(
        world.app,
        '/admin/sources/new',
        {
          action: 'test',
          slug: 'essai',
          name: 'Essai',
          homepage: 'https://essai.example/',
          language: 'fr',
          mode: 'full',
          feeds: feedUrl,
        },
        session,
      );
      assert.equal(res.statusCode, 200);
      const titles = pub.entries(feedUrl).map((e) => e.title);
      assert.ok(titles.length > 0);
      assert.ok(
        titles
          .slice(0, 3)
          .every((t) =>
            res.body.includes(t.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;')),
          ),
        'the entries are shown',
      );
      assert.match(res.body, /rien n’est enregistré/);
      assert.deepEqual(await counts(), beforeCounts, 'nothing stored');
      // A feed that fails says why.
      const broken = await post(
        world.app,
        '/admin/sources/new',
        { action: 'test', feeds: `${pub.origin}/no-such-feed.xml` },
        session,
      );
      assert.match(broken.body, /Échec : http_status/);
    });

    test('sources made or edited in the console survive the sync from the sources file; "rendre au fichier" gives them back', async () => {
      const store = world.w.store;
      const pub =
        world.w.server.publications.find((p) => p.language === 'fr' && p.slug !== 'le-quotidien') ??
        world.w.server.publications[1]!;
      const bad = await post(
        world.app,
        '/admin/sources/new',
        {
          action: 'save',
          slug: 'Bad Slug',
          name: '',
          homepage: 'ftp://x',
          language: 'en',
          feeds: 'not a url',
        },
        session,
      );
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Source refusée/);
      const created = await post(
        world.app,
        '/admin/sources/new',
        {
          action: 'save',
          slug: 'console-news',
          name: 'Console News',
          homepage: 'https://console.example/',
          language: 'fr',
          mode: 'excerpt',
          feeds: 'https://console.example/rss politique',
        },
        session,
      );
      assert.equal(created.statusCode, 303, created.body.slice(0, 500));
      const taken = await post(
        world.app,
        '/admin/sources/new',
        {
          action: 'save',
          slug: 'console-news',
          name: 'Twice',
          homepage: 'https://other.example/',
          language: 'fr',
          feeds: 'https://other.example/rss',
        },
        session,
      );
      assert.equal(taken.statusCode, 409);

      // Edit a source of the file: new name, paused.
      const edit = await get(world.app, `/admin/sources/${pub.slug}/edit`, session);
      assert.equal(edit.statusCode, 200);
      const feeds = /<textarea name="feeds" required>([^<]*)<\/textarea>/.exec(edit.body)?.[1] ?? '';
      const saved = await post(
        world.app,
        `/admin/sources/${pub.slug}/edit`,
        {
          action: 'save',
          name: 'Nom de la console',
          homepage: pub.homepage,
          language: 'fr',
          mode: 'full',
          feeds: feeds.replace(/&amp;/g, '&'),
        },
        session,
      );
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
      assert.equal(
        (await post(world.app, `/admin/sources/${pub.slug}/disable`, {}, session)).statusCode,
        303,
      );

      // A restart: the file knows nothing of console-news and another name for pub.
      await syncSources(store, parseSourcesFile(world.w.server.sourcesYaml({}), world.w.sourcesPath));
      const after = await listSourcesWithFeeds(store);
      const mine = after.find((s) => s.slug === 'console-news');
      assert.ok(mine?.enabled, 'the console source is still there and enabled');
      assert.deepEqual(
        mine.feeds.map((f) => [f.url, f.category]),
        [['https://console.example/rss', 'politique']],
      );
      const edited = after.find((s) => s.slug === pub.slug);
      assert.equal(edited?.name, 'Nom de la console');
      assert.equal(edited?.enabled, false, 'still paused');
      const list = await get(world.app, '/admin/sources', session);
      assert.match(list.body, /console-news/);

      assert.equal(
        (await post(world.app, `/admin/sources/${pub.slug}/release`, {}, session)).statusCode,
        303,
      );
      await syncSources(store, parseSourcesFile(world.w.server.sourcesYaml({}), world.w.sourcesPath));
      const released = (await listSourcesWithFeeds(store)).find((s) => s.slug === pub.slug);
      assert.equal(released?.name, pub.name, 'the file applies again');
      assert.equal(released?.enabled, true);
      const log = await actions();
      for (const a of ['source.create', 'source.edit', 'source.disable', 'source.release'])
        assert.ok(
          log.some((e) => e.action === a),
          a,
        );
    });

    test('OPML export and import (a file upload, as a browser sends it)', async () => {
      const exported = await get(world.app, '/admin/sources/export.opml', session);
      assert.equal(exported.statusCode, 200);
      assert.match(String(exported.headers['content-type']), /opml/);
      assert.match(exported.body, /<opml/);
      assert.match(exported.body, /console-news|le-quotidien/);

      const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="Sport"><outline type="rss" text="Le Sportif" title="Le Sportif" xmlUrl="https://sportif.example/feed" htmlUrl="https://sportif.example/"/></outline>
</body></opml>`;
      const boundary = '----kiosque-test-boundary';
      const body = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="_csrf"',
        '',
        session.csrf,
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="subs.opml"',
        'Content-Type: text/x-opml',
        '',
        opml,
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const res = await world.app.inject({
        method: 'POST',
        url: '/admin/sources/import',
        headers: {
          cookie: session.cookie,
          origin: BASE,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: body,
      });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.match(res.body, /<strong>1<\/strong> source\(s\) ajoutée\(s\)/);
      const added = (await listSourcesWithFeeds(world.w.store)).find((s) =>
        s.feeds.some((f) => f.url === 'https://sportif.example/feed'),
      );
      assert.ok(added, 'the OPML source is stored');
      // Importing it again adds nothing.
      const again = await world.app.inject({
        method: 'POST',
        url: '/admin/sources/import',
        headers: {
          cookie: session.cookie,
          origin: BASE,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: body,
      });
      assert.match(again.body, /<strong>0<\/strong> source\(s\) ajoutée\(s\)/);
      const refused = await post(
        world.app,
        '/admin/sources/import',
        { opml: '<html><body>no</body></html>' },
        session,
      );
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /not an OPML document/);
    });

    test('feed health: every feed with its numbers, and the failing ones on their own', async () => {
      const res = await get(world.app, '/admin/health', session);
      assert.equal(res.statusCode, 200);
      const pub = world.w.server.publications.find((p) => p.language === 'fr')!;
      assert.ok(res.body.includes(pub.feeds[0]!.url));
      assert.match(res.body, /médiane sur \d+/);
      assert.match(res.body, /Articles \/ jour/);
      // A feed that fails: the publisher answers 500 at the next crawl.
      const sick = world.w.server.publications.find((p) => p.language === 'fr' && p.slug !== pub.slug)!;
      world.w.server.setFault(sick.slug, { kind: 'status', status: 500 });
      await world.w.crawl(sick.slug);
      world.w.server.setFault(sick.slug, null);
      const failing = await get(world.app, '/admin/health/failing', session);
      assert.equal(failing.statusCode, 200);
      assert.ok(failing.body.includes(sick.feeds[0]!.url));
      assert.match(failing.body, /http_status/);
      assert.ok(!failing.body.includes(pub.feeds[0]!.url), 'healthy feeds are not in the failing view');
    });

    test("a source's pace: its rhythm by hour of the week, its budget use, its measured delay, its feeds", async () => {
      const pub = world.w.server.publications.find((p) => p.language === 'ar')!;
      const young = await get(world.app, `/admin/sources/${pub.slug}`, session);
      assert.equal(young.statusCode, 200);
      // The press shows a few days of history: too short for a week's shape.
      assert.match(young.body, /Pas encore assez d’historique/);
      assert.match(young.body, /Budget de politesse/);
      assert.match(young.body, /<strong>\d+<\/strong> requêtes la dernière heure, sur 60 permises/);
      assert.ok(young.body.includes(pub.feeds[0]!.url));
      assert.match(young.body, /pas de hub/);
      // Three weeks of news at one hour of the day, four a day: a rhythm with its rush.
      const source = await dbOf(world.w.store)
        .selectFrom('sources')
        .select(['id', 'timezone'])
        .where('slug', '=', pub.slug)
        .executeTakeFirstOrThrow();
      // Ten past the current hour, so that the four of an evening share one hour.
      const hour = Math.floor(Date.now() / 3600_000) * 3600_000 + 10 * 60_000;
      const rows = [];
      for (let day = 1; day <= 21; day++) {
        for (let k = 0; k < 4; k++) {
          const at = new Date(hour - day * 86_400_000 + k * 60_000).toISOString();
          rows.push({
            source_id: source.id,
            feed_id: null,
            identity: `hash:pace-${day}-${k}`,
            title: `Soir ${day} ${k}`,
            content_hash: `pace-${day}-${k}`,
            language: 'ar',
            published_at: at,
            published_at_guessed: 0,
            fetched_at: new Date(Date.parse(at) + 120_000).toISOString(),
            updated_at: at,
            guid: null,
            canonical_url: null,
            summary: null,
            content_html: null,
            text: null,
            author: null,
            category: null,
            lead_image_url: null,
          });
        }
      }
      await dbOf(world.w.store).insertInto('articles').values(rows).execute();
      const page = await get(world.app, `/admin/sources/${pub.slug}`, session);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<table class="admin rhythm">/);
      assert.match(page.body, new RegExp(`heure de ${source.timezone.replace('/', '\\/')}`));
      // One hour of the day holds them all: four an hour on each of the seven days, the darkest shade
      // (the press's own articles are a few, one an hour at most).
      const busy = page.body.match(/<td class="r4" title="(?:[4-9]|\d\d)\.\d \/ h">/g) ?? [];
      assert.equal(busy.length, 7);
      assert.match(page.body, /<strong>\d+ min<\/strong> médiane|<strong>\d+ s<\/strong> médiane/);
      assert.match(page.body, /95e centile/);
      const unknown = await get(world.app, '/admin/sources/nobody-here', session);
      assert.equal(unknown.statusCode, 404);
    });

    test('moderation: block an image by hand, confirm, unblock, a threshold; each in the audit log', async () => {
      const store = world.w.store;
      const image = await dbOf(store)
        .selectFrom('images')
        .select('id')
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const id = Number(image.id);
      const blocked = await post(
        world.app,
        '/admin/moderation/block',
        { image: `/img/${id}`, reason: 'choquante' },
        session,
      );
      assert.equal(blocked.statusCode, 303);
      const page = await get(world.app, '/admin/moderation', session);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`src="/img/${id}"`), 'the thumbnail is shown');
      assert.equal(
        (await post(world.app, `/admin/moderation/images/${id}/confirm`, {}, session)).statusCode,
        303,
      );
      assert.equal(
        (await post(world.app, `/admin/moderation/images/${id}/unblock`, {}, session)).statusCode,
        303,
      );
      assert.equal(
        (await post(world.app, '/admin/moderation/images/99999999/block', {}, session)).statusCode,
        404,
      );
      const slug = world.w.server.publications[0]!.slug;
      assert.equal(
        (await post(world.app, '/admin/moderation/thresholds', { source: slug, threshold: '7' }, session))
          .statusCode,
        303,
      );
      assert.equal(
        (await post(world.app, '/admin/moderation/thresholds', { source: slug, threshold: 'many' }, session))
          .statusCode,
        400,
      );
      const log = await actions();
      for (const a of ['image.block', 'image.confirm', 'image.unblock', 'source.threshold'])
        assert.ok(
          log.some((e) => e.action === a && e.operatorName === OPERATOR),
          a,
        );
      const audit = await get(world.app, '/admin/audit', session);
      assert.match(audit.body, /image bloquée/);
      assert.match(audit.body, new RegExp(OPERATOR));
    });
  });
}
