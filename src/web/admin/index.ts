// The operator's console, /admin: moderation, sources, feed health,
// takedowns and the audit log, behind a login. Plain server-rendered HTML in
// French that works without JavaScript. One module per section; this file
// puts them together behind the guard (auth.ts).
import type { FastifyInstance } from 'fastify';
import type { HttpClient } from '../../fetch/index.ts';
import { DEFAULT_REPORT_THRESHOLD, type TrustedProxies } from '../../moderation/index.ts';
import type { Store } from '../../store/index.ts';
import type { Logger } from '../../util/log.ts';
import type { SiteContext } from '../site/index.ts';
import { registerGuard, registerLogin } from './auth.ts';
import { type AdminDeps, DEFAULT_LOGIN_LIMITS, DEFAULT_SESSION_TTL_MS, type LoginLimits } from './context.ts';
import { registerHealth } from './health.ts';
import { registerPace } from './pace.ts';
import { DEFAULT_FEED_REQUESTS_PER_HOUR } from '../../ingest/schedule.ts';
import { registerHome } from './home.ts';
import { parseMultipart, parseUrlencoded } from './http.ts';
import { ADMIN_CSS } from './layout.ts';
import { registerModeration } from './moderation.ts';
import { registerSources } from './sources.ts';
import { registerTakedowns } from './takedowns.ts';

export { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
export { isAdminPath } from './auth.ts';
export { withdrawnPage, WITHDRAWN_JSON } from './withdrawn.ts';

export interface AdminOptions {
  store: Store;
  site: SiteContext;
  log: Logger;
  client: HttpClient;
  /** KIOSQUE_TRUST_PROXY; default none. */
  trustProxy?: TrustedProxies | null;
  /** KIOSQUE_REPORT_THRESHOLD; default 3. */
  reportThreshold?: number;
  loginLimits?: Partial<LoginLimits>;
  sessionTtlMs?: number;
  now?: () => Date;
  /** KIOSQUE_FEED_REQUESTS_PER_HOUR; default 60. */
  feedRequestsPerHour?: number;
}

const FORM_LIMIT = 256 * 1024;
const UPLOAD_LIMIT = 4 * 1024 * 1024;

export async function registerAdmin(app: FastifyInstance, options: AdminOptions): Promise<void> {
  const deps: AdminDeps = {
    store: options.store,
    site: options.site,
    log: options.log,
    client: options.client,
    trust: options.trustProxy ?? null,
    reportThreshold: options.reportThreshold ?? DEFAULT_REPORT_THRESHOLD,
    limits: { ...DEFAULT_LOGIN_LIMITS, ...options.loginLimits },
    sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    now: options.now ?? (() => new Date()),
    feedRequestsPerHour: options.feedRequestsPerHour ?? DEFAULT_FEED_REQUESTS_PER_HOUR,
  };
  // The guard covers the whole /admin prefix, whoever registers a route there.
  registerGuard(app, deps);

  app.get(ADMIN_CSS.path, async (request, reply) => {
    reply
      .type('text/css; charset=utf-8')
      .header('etag', ADMIN_CSS.etag)
      .header('cache-control', 'public, max-age=31536000, immutable');
    if (request.headers['if-none-match'] === ADMIN_CSS.etag) return reply.code(304).send();
    return ADMIN_CSS.body;
  });

  // The console's routes in their own context: the form parsers stay theirs.
  await app.register(async (admin) => {
    admin.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_LIMIT },
      (_request, body, done) => done(null, parseUrlencoded(body as string)),
    );
    admin.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT },
      (request, body, done) => {
        try {
          done(null, parseMultipart(body as Buffer, String(request.headers['content-type'] ?? '')));
        } catch (err) {
          done(Object.assign(err as Error, { statusCode: 400 }), undefined);
        }
      },
    );
    registerLogin(admin, deps);
    registerHome(admin, deps);
    registerModeration(admin, deps);
    registerSources(admin, deps);
    registerHealth(admin, deps);
    registerPace(admin, deps);
    registerTakedowns(admin, deps);
  });
}
