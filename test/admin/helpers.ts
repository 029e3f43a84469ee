// The console's test world: a real crawl of the fixture press server into a
// real database (SQLite, or PostgreSQL when KIOSQUE_TEST_DATABASE_URL is
// set), the real server, and an operator who logs in through the real form.
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { closeFeedParserPool } from '../../src/feeds/index.ts';
import { TrustedProxies } from '../../src/moderation/index.ts';
import { saveOperator } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import { hashPassword } from '../../src/web/admin/index.ts';
import { buildServer } from '../../src/web/index.ts';
import { defaultSiteConfig } from '../../src/web/site-config.ts';
import { type CrawlWorld, crawlWorld } from '../ingest/helpers.ts';
import type { Backend } from '../store/backends.ts';

export const BASE = 'https://kiosque.test';
export const ORIGIN = BASE;
export const OPERATOR = 'amina';
export const PASSWORD = 'correct horse battery staple';

export interface AdminWorld {
  w: CrawlWorld;
  app: FastifyInstance;
  /** Another web process on the same database. */
  buildApp(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export async function adminWorld(backend: Backend): Promise<AdminWorld> {
  const w = await crawlWorld({}, {}, backend);
  await w.crawl();
  await saveOperator(w.store, OPERATOR, await hashPassword(PASSWORD));
  const apps: FastifyInstance[] = [];
  const buildApp = async () => {
    const app = await buildServer({
      store: w.store,
      log: silentLogger,
      site: { ...defaultSiteConfig({}), baseUrl: BASE },
      images: { cacheDir: `${w.dir}/image-cache`, client: w.client },
      // The site version is read on every request: a takedown shows at once (in production within a second).
      pageCache: { versionCheckMs: 0 },
      // Loopback is the proxy in front (X-Forwarded-* believed only from it).
      reports: { trustProxy: TrustedProxies.parse('127.0.0.1') },
    });
    apps.push(app);
    return app;
  };
  const app = await buildApp();
  return {
    w,
    app,
    buildApp,
    async close() {
      for (const a of apps) await a.close();
      await closeFeedParserPool();
      await w.close();
    },
  };
}

/** The set-cookie headers of an answer, as a list. */
export function setCookies(res: LightMyRequestResponse): string[] {
  const h = res.headers['set-cookie'];
  return h === undefined ? [] : Array.isArray(h) ? h : [h];
}

export function cookieValue(res: LightMyRequestResponse, name: string): string | null {
  for (const c of setCookies(res)) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1] ?? null;
  }
  return null;
}

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(m?.[1], 'the page carries a CSRF field');
  return m[1];
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Logs in through the form, like a browser: the login page's cookie and token, then the post. */
export async function login(
  app: FastifyInstance,
  name = OPERATOR,
  password = PASSWORD,
  remoteAddress = '127.0.0.1',
): Promise<{ res: LightMyRequestResponse; session: Session | null }> {
  const page = await app.inject({ method: 'GET', url: '/admin/login', remoteAddress });
  assert.equal(page.statusCode, 200);
  const loginCookie = cookieValue(page, 'kiosque_admin_login');
  assert.ok(loginCookie);
  const res = await app.inject({
    method: 'POST',
    url: '/admin/login',
    remoteAddress,
    headers: {
      origin: ORIGIN,
      cookie: `kiosque_admin_login=${loginCookie}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: form({ _csrf: csrfOf(page.body), name, password }),
  });
  const sid = cookieValue(res, 'kiosque_admin');
  if (res.statusCode !== 303 || !sid) return { res, session: null };
  const home = await app.inject({
    method: 'GET',
    url: '/admin',
    headers: { cookie: `kiosque_admin=${sid}` },
  });
  assert.equal(home.statusCode, 200);
  return { res, session: { cookie: `kiosque_admin=${sid}`, csrf: csrfOf(home.body) } };
}

/** A console form post with the session, its token and our origin (each can be left out). */
export function post(
  app: FastifyInstance,
  url: string,
  fields: Record<string, string>,
  session: Session | null,
  options: { csrf?: boolean; origin?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (session) headers.cookie = session.cookie;
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin) headers.origin = origin;
  const body = { ...fields, ...(session && options.csrf !== false ? { _csrf: session.csrf } : {}) };
  return app.inject({ method: 'POST', url, headers, payload: form(body) });
}

export function get(app: FastifyInstance, url: string, session: Session | null = null) {
  return app.inject({ method: 'GET', url, headers: session ? { cookie: session.cookie } : {} });
}

/**
 * Every route Fastify has registered, with its methods, read from its own
 * route tree: a route added under /admin by anyone shows up here.
 */
export function registeredRoutes(app: FastifyInstance): Array<{ path: string; methods: string[] }> {
  const out: Array<{ path: string; methods: string[] }> = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )(.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    const segment = m[2] ?? '';
    const path = (stack[depth - 1] ?? '') + segment;
    stack[depth] = path;
    if (m[3]) out.push({ path, methods: m[3].split(',').map((s) => s.trim()) });
  }
  return out;
}
