// POST /api/v1/images/<id>/report: a reader reports an image. The form under
// every image posts here (no JavaScript needed: the answer is a small page in
// the edition's language with a link back); the site's script sends the same
// form with fetch and Accept: application/json, and scripts may too, under
// the same rules:
//
// - the request must come from our own pages: a same-origin Origin header,
//   or when a browser sends none, a same-origin Referer (403 cross_origin);
// - it carries the site's report token as the form field `csrf_token` or
//   the X-CSRF-Token header (403 csrf; GET /api/v1/images/report-token gives
//   the current one to a page kept open for hours);
// - rate limits per reader cookie and per address (429 with Retry-After);
// - 400 for a malformed id or body, 404 for an image we do not have.
//
// The reader cookie (first-party, HttpOnly, SameSite=Lax, Secure over TLS)
// is set here, never on pages, which are cached and shared by every reader.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  clientAddress,
  isReaderId,
  type Moderation,
  newReaderId,
  READER_COOKIE,
} from '../../moderation/index.ts';
import { html } from '../html.ts';
import { layout } from '../site/layout.ts';
import { editionBase, paths } from '../site/paths.ts';
import type { SiteContext } from '../site/context.ts';
import type { Edition } from '../site/views.ts';
import type { ReportWords } from '../site/words.ts';
import type { EditionConfig } from '../site-config.ts';
import { errorResponses, ParameterError } from './errors.ts';
import { idParams } from './schemas.ts';

export interface ReportRoutesOptions {
  context: SiteContext;
  moderation: Moderation;
}

const FORM = 'application/x-www-form-urlencoded';
const COOKIE_MAX_AGE_S = 365 * 86_400;
const COOKIE_PATH = '/api/v1/images';

const tokenResponse = {
  type: 'object',
  additionalProperties: true,
  properties: { token: { type: 'string' } },
} as const;

// The body (a form or a JSON object) is read by the handler, not a schema:
// a bad one is answered in the reader's language, as a page to a browser.
const reportSchema = {
  params: idParams,
  response: {
    200: {
      type: 'object',
      additionalProperties: true,
      properties: {
        status: { type: 'string', enum: ['reported', 'already_reported'] },
        /** The image is now hidden from every page. */
        blocked: { type: 'boolean' },
        message: { type: 'string' },
      },
    },
    ...errorResponses,
  },
} as const;

type Problem = 'bad_request' | 'cross_origin' | 'csrf' | 'not_found' | 'rate_limited';

const STATUS: Record<Problem, number> = {
  bad_request: 400,
  cross_origin: 403,
  csrf: 403,
  not_found: 404,
  rate_limited: 429,
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** One cookie's value from the Cookie header. */
function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The origin (scheme://host[:port]) of a URL, or null. */
function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

export async function registerReports(app: FastifyInstance, options: ReportRoutesOptions): Promise<void> {
  const { context, moderation } = options;
  const { site } = context;
  const siteOrigin = originOf(site.baseUrl);

  /** Our own origins: the public address, and the Host this request was sent to (over http or https). */
  function isSameOrigin(request: FastifyRequest, origin: string): boolean {
    if (origin === siteOrigin) return true;
    const host = request.headers.host;
    if (!host) return false;
    return origin === `http://${host}` || origin === `https://${host}`;
  }

  /** The edition the reader came from: the form's `lang`, else the Referer's path, else the first. */
  function editionConfigOf(request: FastifyRequest, lang: string | undefined): EditionConfig | undefined {
    const byLang = site.editions.find((e) => e.language === lang);
    if (byLang) return byLang;
    const referer = first(request.headers.referer);
    let path: string | null = null;
    try {
      path = referer ? new URL(referer).pathname : null;
    } catch {
      path = null;
    }
    if (path !== null) {
      const match = site.editions
        .filter((e) => e.prefix !== '/' && (path === e.prefix || path?.startsWith(`${e.prefix}/`)))
        .sort((a, b) => b.prefix.length - a.prefix.length)[0];
      if (match) return match;
      const root = site.editions.find((e) => e.prefix === '/');
      if (root) return root;
    }
    return site.editions[0];
  }

  /** Where "back" goes: the page the reader came from when it is ours, else the edition's home. */
  function backUrl(request: FastifyRequest, config: EditionConfig | undefined): string {
    const referer = first(request.headers.referer);
    if (referer && originOf(referer) !== null && isSameOrigin(request, originOf(referer) as string)) {
      const u = new URL(referer);
      return u.pathname + u.search;
    }
    return config ? paths.home(config) : '/';
  }

  function wantsJson(request: FastifyRequest): boolean {
    const accept = first(request.headers.accept) ?? '';
    if (/application\/json/i.test(accept)) return true;
    if (/text\/html/i.test(accept)) return false;
    // No preference: scripts get JSON, browsers posting a form always say text/html.
    return !(first(request.headers['content-type']) ?? '').startsWith(FORM);
  }

  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    body: { error?: Problem; status?: 'reported' | 'already_reported'; blocked?: boolean; message: string },
    heading: (w: ReportWords) => string,
    lang: string | undefined,
  ): Promise<unknown> {
    reply.code(status).header('cache-control', 'no-store');
    const config = editionConfigOf(request, lang);
    if (wantsJson(request) || !config) return reply.type('application/json; charset=utf-8').send(body);
    const ed: Edition = await context.edition(config);
    const chrome = await context.chrome(ed);
    const w = ed.words.report;
    const back = backUrl(request, config);
    const page = layout(
      chrome,
      {
        title: `${heading(w)} — ${config.name}`,
        canonical: site.baseUrl + editionBase(config),
        noindex: true,
      },
      html`<h1 class="page-title">${heading(w)}</h1>
<p class="report-answer" role="status">${body.message}</p>
<p><a href="${back}">${w.back}</a></p>`,
    );
    return reply.type('text/html; charset=utf-8').send(page);
  }

  await app.register(async (scope) => {
    // HTML forms post urlencoded; Fastify parses only JSON by itself.
    if (!scope.hasContentTypeParser(FORM)) {
      scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 4096 }, (_request, body, done) => {
        try {
          done(null, Object.fromEntries(new URLSearchParams(body as string)));
        } catch (err) {
          done(err as Error, undefined);
        }
      });
    }
    scope.setErrorHandler((err: { statusCode?: number; message: string }, request, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) request.log.error({ err }, 'image report failed');
      return reply.code(status).send({
        error: status === 500 ? 'internal' : status === 415 ? 'unsupported_media_type' : 'bad_request',
        ...(err instanceof ParameterError ? { field: err.field } : {}),
        message:
          status === 500
            ? 'internal error'
            : status === 415
              ? `a report is sent as ${FORM} or application/json, not ${request.headers['content-type']}`
              : err.message,
      });
    });

    scope.get(
      '/api/v1/images/report-token',
      { schema: { response: { 200: tokenResponse } } },
      async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        return { token: moderation.csrfToken() };
      },
    );

    scope.post<{ Params: { id: string } }>(
      '/api/v1/images/:id/report',
      { bodyLimit: 4096, schema: reportSchema },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const field = (name: string) => {
          const v = body[name];
          return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
        };
        const lang = field('lang');
        const problem = async (p: Problem, message: (w: ReportWords) => string, detail: string) => {
          const config = editionConfigOf(request, lang);
          const ed = config ? await context.edition(config) : null;
          const text = ed ? message(ed.words.report) : detail;
          return answer(
            request,
            reply,
            STATUS[p],
            { error: p, message: wantsJson(request) ? `${text} (${detail})` : text },
            (w) => w.title,
            lang,
          );
        };

        const raw = request.body;
        if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
          return problem('bad_request', (w) => w.badRequest, 'the body must be a form or a JSON object');
        }
        const rawId = request.params.id;
        const imageId = /^[1-9]\d{0,9}$/.test(rawId) ? Number(rawId) : 0;
        if (!(imageId > 0 && imageId <= 2 ** 31 - 1)) {
          return problem('bad_request', (w) => w.badRequest, `"${rawId.slice(0, 40)}" is not an image id`);
        }

        // Cross-site forgery: only our own pages (or a script saying it is on our origin) may report.
        const origin = first(request.headers.origin);
        if (origin !== undefined) {
          if (!isSameOrigin(request, origin)) {
            return problem(
              'cross_origin',
              (w) => w.crossOrigin,
              `Origin ${origin.slice(0, 100)} is not this site`,
            );
          }
        } else {
          const referer = originOf(first(request.headers.referer));
          if (referer === null || !isSameOrigin(request, referer)) {
            return problem(
              'cross_origin',
              (w) => w.crossOrigin,
              'a report needs a same-origin Origin header (or, without one, a same-origin Referer)',
            );
          }
        }
        const token = first(request.headers['x-csrf-token']) ?? field('csrf_token');
        if (!moderation.verifyCsrfToken(token)) {
          return problem(
            'csrf',
            (w) => w.expired,
            token
              ? 'the report token is wrong or expired: take the current one from the page or GET /api/v1/images/report-token'
              : 'the report token is missing: send it as the csrf_token field or the X-CSRF-Token header',
          );
        }

        const address = clientAddress(
          request.raw.socket.remoteAddress,
          request.headers['x-forwarded-for'],
          moderation.config.trustProxy,
        );
        if (!address) return problem('bad_request', (w) => w.badRequest, 'the client address is unknown');
        const cookie = cookieValue(first(request.headers.cookie), READER_COOKIE);
        let readerId = isReaderId(cookie) ? cookie : null;
        if (!readerId) {
          // A new reader (or one who cleared cookies): this report is theirs under the new cookie.
          readerId = newReaderId();
          const secure = isTls(request, moderation);
          reply.header(
            'set-cookie',
            `${READER_COOKIE}=${readerId}; Path=${COOKIE_PATH}; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
          );
        }

        const outcome = await moderation.report({ imageId, address, readerId });
        if (outcome.kind === 'not_found') {
          return problem('not_found', (w) => w.notFound, `there is no image ${imageId}`);
        }
        if (outcome.kind === 'rate_limited') {
          reply.header('retry-after', String(outcome.retryAfterS));
          return problem(
            'rate_limited',
            (w) => w.tooMany,
            `too many reports from this ${outcome.scope}: try again in ${outcome.retryAfterS} s`,
          );
        }
        const config = editionConfigOf(request, lang);
        const ed = config ? await context.edition(config) : null;
        return answer(
          request,
          reply,
          200,
          {
            status: outcome.kind === 'reported' ? 'reported' : 'already_reported',
            blocked: outcome.blocked,
            message: ed?.words.report.thanks ?? 'Thank you for reporting.',
          },
          (w) => w.title,
          lang,
        );
      },
    );
  });
}

/** The request reached us over TLS: on our socket, or at a trusted proxy that says so. */
function isTls(request: FastifyRequest, moderation: Moderation): boolean {
  if ((request.raw.socket as { encrypted?: boolean }).encrypted) return true;
  const peer = request.raw.socket.remoteAddress;
  const trusted = moderation.config.trustProxy;
  if (!peer || !trusted?.contains(peer)) return false;
  const proto = first(request.headers['x-forwarded-proto'])?.split(',').pop()?.trim().toLowerCase();
  return proto === 'https';
}
