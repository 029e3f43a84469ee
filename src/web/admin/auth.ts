// Who may use the console, and how every request to it is checked:
//
// - A guard on the whole /admin prefix (a root hook, so a route added later
//   by anyone is covered too): without a session a page redirects to the
//   login form and anything else answers 401; a post must come from our own
//   origin (Origin, else Referer) and carry the session's CSRF token, or it
//   answers 403.
// - Sessions: a random id in an HttpOnly, SameSite=Strict cookie scoped to
//   /admin (Secure over TLS), stored as its sha256 in the database so every
//   web process knows it; they expire.
// - Logins: scrypt passwords, failed attempts counted per name and per
//   address in the database (limits that hold across processes).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  audit,
  createSession,
  deleteSession,
  failedLogins,
  findOperator,
  findSession,
  recordLoginAttempt,
} from '../../store/index.ts';
import { html } from '../html.ts';
import { type AdminDeps, adminState, field, operatorOf, setAdminState } from './context.ts';
import { clientOf, cookie, readCookie, sameOrigin } from './http.ts';
import { adminPage, csrfField, sendPage } from './layout.ts';
import { decoyHash, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'kiosque_admin';
export const LOGIN_COOKIE = 'kiosque_admin_login';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const underAdmin = (path: string) => path === '/admin' || path.startsWith('/admin/');

/** A URL's path as the router sees it: percent-escapes decoded, dot segments resolved. */
function routedPath(url: string): string {
  const raw = url.split('?')[0] ?? '';
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // left as it came: the router will not match it either
  }
  try {
    return new URL(decoded, 'http://kiosque.invalid').pathname;
  } catch {
    return decoded;
  }
}

export function isAdminPath(url: string): boolean {
  return underAdmin(routedPath(url));
}

/**
 * A request for the console: by the route it matched (so /%61dmin/… or
 * /./admin/…, which the router sends to the same handlers, are caught), or
 * by its decoded path when it matched none.
 */
function isAdminRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route !== undefined ? underAdmin(route) : isAdminPath(request.url);
}

const isLogin = (request: FastifyRequest) => request.routeOptions.url === '/admin/login';
const pathOf = (url: string) => routedPath(url);
const reads = (method: string) => method === 'GET' || method === 'HEAD';

function refuse(reply: FastifyReply, status: 401 | 403, message: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(`${message}\n`);
}

/** The CSRF token a post carries: the form's _csrf field, or an X-CSRF-Token header. */
function postedToken(request: FastifyRequest): string | null {
  const body = request.body as { fields?: Record<string, string>; _csrf?: unknown } | null | undefined;
  const fromForm = body?.fields?._csrf ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
  if (fromForm) return fromForm;
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' && header ? header : null;
}

export function registerGuard(app: FastifyInstance, deps: AdminDeps): void {
  /** Checks a console request; true when it has answered it (a redirect, 401 or 403). */
  async function guard(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const client = clientOf(request, deps.trust);
    const sid = readCookie(request, SESSION_COOKIE);
    const idHash = sid ? sha256(sid) : null;
    const session = idHash ? await findSession(deps.store, idHash, deps.now()) : null;
    setAdminState(request, { client, session, idHash });
    const path = pathOf(request.url);
    if (isLogin(request)) return false;
    if (!session) {
      if (reads(request.method)) {
        const next = path === '/admin' ? '' : `?suite=${encodeURIComponent(path)}`;
        reply.redirect(`/admin/login${next}`, 303);
        return true;
      }
      refuse(reply, 401, 'Connexion requise : ouvrez une session sur /admin/login.');
      return true;
    }
    if (!reads(request.method) && !sameOrigin(request, client, deps.site.site.baseUrl)) {
      refuse(reply, 403, 'Requête refusée : elle ne vient pas de la console (origine absente ou étrangère).');
      return true;
    }
    return false;
  }

  // Callback hooks, not async ones: every other request of the site passes
  // through them, and costs one string test, not a promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (!isAdminRequest(request)) return done();
    guard(request, reply).then(
      (answered) => {
        if (!answered) done();
      },
      (err: Error) => done(err),
    );
  });

  // The token is checked once the body is read (it travels in the form).
  app.addHook('preHandler', (request, reply, done) => {
    if (!isAdminRequest(request) || reads(request.method)) return done();
    if (isLogin(request)) return done(); // the login form has its own token
    const { session } = adminState(request);
    const token = postedToken(request);
    if (!session || !token || !sameSecret(token, session.csrfToken)) {
      refuse(
        reply,
        403,
        'Requête refusée : jeton CSRF absent ou invalide. Rechargez la page et recommencez.',
      );
      return;
    }
    done();
  });

  // Console answers are never stored, by the browser or any cache between.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (isAdminRequest(request)) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

function loginPage(options: { token: string; name?: string; next?: string; error?: string | null }): string {
  return adminPage({
    title: 'Connexion',
    section: null,
    user: null,
    flash: options.error ? { kind: 'error', text: options.error } : null,
    body: html`<div class="login-box">
<h1 class="page-title">Connexion à la console</h1>
<form class="stack" method="post" action="/admin/login">
${csrfField(options.token)}
${options.next ? html`<input type="hidden" name="suite" value="${options.next}">\n` : ''}<label>Nom <input type="text" name="name" autocomplete="username" required maxlength="100" value="${options.name ?? ''}"></label>
<label>Mot de passe <input type="password" name="password" autocomplete="current-password" required maxlength="1024"></label>
<button type="submit">Se connecter</button>
</form>
<p class="muted">Le premier opérateur se crée sur le serveur : <code>kiosque admin create &lt;nom&gt;</code>.</p>
</div>`,
  });
}

/** Only a console path is a place to go back to after logging in. */
function safeNext(raw: string | undefined): string {
  return raw &&
    /^\/admin(\/[A-Za-z0-9/_.-]*)?$/.test(raw) &&
    raw !== '/admin/login' &&
    raw !== '/admin/logout'
    ? raw
    : '/admin';
}

function minutesLeft(oldest: string | null, windowMs: number, now: Date): number {
  const until = oldest ? Date.parse(oldest) + windowMs : now.getTime() + windowMs;
  return Math.max(1, Math.ceil((until - now.getTime()) / 60_000));
}

export function registerLogin(app: FastifyInstance, deps: AdminDeps): void {
  const loginToken = (request: FastifyRequest, reply: FastifyReply): string => {
    const existing = readCookie(request, LOGIN_COOKIE);
    if (existing) return existing;
    const token = randomBytes(24).toString('base64url');
    reply.header(
      'set-cookie',
      cookie(LOGIN_COOKIE, token, { secure: adminState(request).client.secure, maxAgeS: 3600 }),
    );
    return token;
  };

  app.get<{ Querystring: { suite?: string } }>('/admin/login', async (request, reply) => {
    if (adminState(request).session) return reply.redirect('/admin', 303);
    const next = safeNext(request.query.suite);
    return sendPage(
      reply,
      loginPage({ token: loginToken(request, reply), next: next === '/admin' ? '' : next }),
    );
  });

  app.post('/admin/login', async (request, reply) => {
    const state = adminState(request);
    if (!sameOrigin(request, state.client, deps.site.site.baseUrl)) {
      return refuse(
        reply,
        403,
        'Requête refusée : elle ne vient pas de la console (origine absente ou étrangère).',
      );
    }
    const cookieToken = readCookie(request, LOGIN_COOKIE);
    const formToken = field(request, '_csrf');
    if (!cookieToken || !formToken || !sameSecret(cookieToken, formToken)) {
      return refuse(
        reply,
        403,
        'Formulaire de connexion expiré ou étranger : rechargez la page de connexion.',
      );
    }
    const name = field(request, 'name').slice(0, 100);
    const password = (request.body as { fields?: Record<string, string> }).fields?.password ?? '';
    const next = safeNext(field(request, 'suite'));
    const again = (status: number, error: string) =>
      sendPage(
        reply,
        loginPage({ token: cookieToken, name, next: next === '/admin' ? '' : next, error }),
        status,
      );
    if (!name || !password) return again(400, 'Indiquez votre nom et votre mot de passe.');

    const now = deps.now();
    const address = sha256(`kiosque-admin:${state.client.address}`);
    const nameKey = name.toLowerCase();
    const since = new Date(now.getTime() - deps.limits.windowMs);
    const failed = await failedLogins(deps.store, nameKey, address, since);
    if (failed.byName >= deps.limits.perName || failed.byAddress >= deps.limits.perAddress) {
      const byName = failed.byName >= deps.limits.perName;
      const minutes = minutesLeft(
        byName ? failed.oldestByName : failed.oldestByAddress,
        deps.limits.windowMs,
        now,
      );
      reply.header('retry-after', String(minutes * 60));
      return again(
        429,
        `Trop de tentatives de connexion infructueuses ${byName ? 'pour ce nom' : 'depuis cette adresse'}. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
      );
    }

    const operator = await findOperator(deps.store, name);
    // An unknown name costs as long as a wrong password: no telling names apart by time.
    const checked = await verifyPassword(password, operator ? operator.passwordHash : await decoyHash());
    const ok = operator !== null && checked;
    await recordLoginAttempt(deps.store, { name: nameKey, address, ok, at: now });
    if (!ok || !operator) return again(401, 'Nom ou mot de passe incorrect.');

    const sid = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    await createSession(deps.store, {
      idHash: sha256(sid),
      operatorId: operator.id,
      csrfToken: csrf,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deps.sessionTtlMs).toISOString(),
    });
    await audit(deps.store, { id: operator.id, name: operator.name }, 'login', null, null, now);
    reply.header('set-cookie', [
      cookie(SESSION_COOKIE, sid, {
        secure: state.client.secure,
        maxAgeS: Math.floor(deps.sessionTtlMs / 1000),
      }),
      cookie(LOGIN_COOKIE, '', { secure: state.client.secure, maxAgeS: 0 }),
    ]);
    return reply.redirect(next, 303);
  });

  app.post('/admin/logout', async (request, reply) => {
    const state = adminState(request);
    const { actor } = operatorOf(request);
    if (state.idHash) await deleteSession(deps.store, state.idHash);
    await audit(deps.store, actor, 'logout', null, null, deps.now());
    reply.header('set-cookie', cookie(SESSION_COOKIE, '', { secure: state.client.secure, maxAgeS: 0 }));
    return reply.redirect('/admin/login', 303);
  });
}
