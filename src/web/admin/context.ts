// What every section of the console gets: the store, the site's context,
// the HTTP client for "test this feed now", and the request's session.
import type { FastifyRequest } from 'fastify';
import type { HttpClient } from '../../fetch/index.ts';
import type { TrustedProxies } from '../../moderation/index.ts';
import type { Actor, SessionRecord } from '../../store/index.ts';
import type { Store } from '../../store/index.ts';
import type { Logger } from '../../util/log.ts';
import type { SiteContext } from '../site/index.ts';
import type { Client, FormBody } from './http.ts';
import type { PageUser } from './layout.ts';

export interface LoginLimits {
  /** Failed logins for one name within the window before it is refused. */
  perName: number;
  /** Failed logins from one address within the window before it is refused. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perName: 5, perAddress: 20, windowMs: 15 * 60_000 };
export const DEFAULT_SESSION_TTL_MS = 12 * 3600_000;

export interface AdminDeps {
  store: Store;
  site: SiteContext;
  log: Logger;
  /** The crawler's HTTP client (address guard, limits), for "test this feed now". */
  client: HttpClient;
  trust: TrustedProxies | null;
  /** The report threshold of sources without their own (KIOSQUE_REPORT_THRESHOLD). */
  reportThreshold: number;
  limits: LoginLimits;
  sessionTtlMs: number;
  now: () => Date;
  /** The politeness budget (KIOSQUE_FEED_REQUESTS_PER_HOUR), for a source's pace page. */
  feedRequestsPerHour: number;
}

export interface AdminState {
  client: Client;
  session: SessionRecord | null;
  idHash: string | null;
}

const STATE = Symbol('kiosque.admin');
type WithState = FastifyRequest & { [STATE]?: AdminState };

export function setAdminState(request: FastifyRequest, state: AdminState): void {
  (request as WithState)[STATE] = state;
}

export function adminState(request: FastifyRequest): AdminState {
  const state = (request as WithState)[STATE];
  if (!state) throw new Error('console request without its state (the guard did not run)');
  return state;
}

/** The operator in session; the guard has already refused requests without one. */
export function operatorOf(request: FastifyRequest): { user: PageUser; actor: Actor } {
  const { session } = adminState(request);
  if (!session) throw Object.assign(new Error('no session'), { statusCode: 401 });
  return {
    user: { name: session.operatorName, csrf: session.csrfToken },
    actor: { id: session.operatorId, name: session.operatorName },
  };
}

/** The fields of a posted form (empty when the body was not a form). */
export function formOf(request: FastifyRequest): FormBody {
  const body = request.body as FormBody | undefined;
  return body && typeof body === 'object' && 'fields' in body ? body : { fields: {}, all: {}, files: {} };
}

/** A form field, trimmed; '' when absent. */
export function field(request: FastifyRequest, name: string): string {
  return (formOf(request).fields[name] ?? '').trim();
}
