// The crawler's one HTTP client. undici does the HTTP/1.1 work (it is Node's
// own fetch engine, with per-request header timeouts and a pluggable
// connector); everything a crawler needs on top is here: manual redirects
// with every hop checked, the address guard wired into the connection itself,
// robots.txt, politeness, size and time limits, decompression and charsets.
// fetch() never throws: every failure comes back as a FetchFailure.
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { Socket } from 'node:net';
import { type Readable, type Transform, pipeline } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Agent, buildConnector, request as undiciRequest } from 'undici';
import { KiosqueError, toKiosqueError } from '../util/errors.ts';
import {
  blockedAddressError,
  checkUrlTarget,
  forbiddenRange,
  isAllowedHost,
  systemResolver,
} from './address-guard.ts';
import { type BodyAllowance, ByteBudget } from './byte-budget.ts';
import { BodyBytes } from './body-bytes.ts';
import { type DecodedBody, decodeDocument } from './charset.ts';
import { DEFAULT_BODY_BUDGET_BYTES } from './options.ts';
import { decompressors } from './decompress.ts';
import { describeRequestError, type LimitsInUse } from './errors.ts';
import { OriginQueue, Semaphore } from './politeness.ts';
import { classifyResponse, needsBodySample } from './response.ts';
import { RobotsCache, robotsAgentToken } from './robots.ts';
import type {
  FetchFailure,
  FetchKind,
  FetchOutcome,
  FetchRequest,
  FetchedDocument,
  HttpClient,
  HttpClientOptions,
  NotModified,
  Resolver,
} from './types.ts';

const ACCEPT: Record<FetchKind, string> = {
  feed: 'application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5',
  page: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
  robots: 'text/plain, */*;q=0.5',
  image: 'image/avif, image/webp, image/*;q=0.9, */*;q=0.5',
  hub: '*/*',
};

// Headers a source may not set: they belong to the connection, which undici manages.
const RESERVED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-authorization',
  'proxy-connection',
]);

/** Enough of a 403/503 body to recognize a bot wall. */
const BODY_SAMPLE_BYTES = 64 * 1024;

type Addresses = Array<{ address: string; family: 4 | 6 }>;

/** One HTTP exchange's result, before redirects are followed. */
type Exchange =
  | { kind: 'redirect'; location: string }
  | { kind: 'not_modified'; headers: Record<string, string> }
  | {
      kind: 'document';
      status: number;
      headers: Record<string, string>;
      body: Buffer;
      /** Its bytes in the client's body budget, given back by the document's release(). */
      allowance: BodyAllowance;
    }
  | { kind: 'failure'; error: KiosqueError };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new KiosqueHttpClient(options);
}

class KiosqueHttpClient implements HttpClient {
  private readonly resolver: Resolver;
  private readonly agent: Agent;
  private readonly origins = new OriginQueue();
  private readonly slots: Semaphore;
  private readonly bodies: ByteBudget;
  private readonly robots: RobotsCache;
  /** Addresses the guard approved, by host name, for the connector's lookup. */
  private readonly approved = new Map<string, Addresses>();

  constructor(private readonly options: HttpClientOptions) {
    this.resolver = options.resolver ?? systemResolver;
    this.slots = new Semaphore(Math.max(1, options.maxConcurrency));
    this.bodies = new ByteBudget(options.bodyBudgetBytes ?? DEFAULT_BODY_BUDGET_BYTES);
    this.robots = new RobotsCache(
      (robotsUrl) => this.run({ url: robotsUrl, kind: 'robots' }, false),
      robotsAgentToken(options.userAgent),
    );
    this.agent = new Agent({
      connect: this.guardedConnector(),
      headersTimeout: options.headersTimeoutMs,
      // The total limit is ours (it also covers slow trickles); this is only a backstop.
      bodyTimeout: options.totalTimeoutMs,
    });
  }

  async fetch(request: FetchRequest): Promise<FetchOutcome> {
    return this.run(request, this.options.respectRobots && request.kind !== 'robots' && !request.form);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async run(request: FetchRequest, checkRobots: boolean): Promise<FetchOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const outcome = await this.follow(request, checkRobots);
      // Set in place, not spread: a spread would read (decode) a lazy text.
      outcome.durationMs = elapsed();
      // Only a caller that said so keeps the bytes counted until it is done.
      if (outcome.ok && !outcome.notModified && !request.hold) outcome.release();
      return outcome;
    } catch (err) {
      const failure: FetchFailure = {
        ok: false,
        error: toKiosqueError(err, 'internal', request.url),
        durationMs: elapsed(),
      };
      return failure;
    }
  }

  /** Follows redirects by hand so that each hop passes the same checks as the first. */
  private async follow(request: FetchRequest, checkRobots: boolean): Promise<FetchOutcome> {
    let current: URL;
    try {
      current = new URL(request.url);
    } catch {
      return fail(
        new KiosqueError({ kind: 'bad_url', message: `Not a valid URL: ${request.url}`, url: request.url }),
      );
    }
    const redirects: string[] = [];
    for (let hop = 0; ; hop++) {
      current.hash = ''; // fragments never go on the wire
      redirects.push(current.href);
      const target = await checkUrlTarget(current, this.options.allowHosts, this.resolver);
      if (!target.ok) return fail(target.error);
      if (checkRobots) {
        const verdict = await this.robots.check(current);
        if (!verdict.allowed) return fail(verdict.error);
      }
      const exchange = await this.exchange(current, request, target.addresses);
      switch (exchange.kind) {
        case 'failure':
          return fail(exchange.error);
        case 'redirect': {
          // A form is not sent again elsewhere: the hub must be named where it is.
          if (request.form)
            return fail(
              new KiosqueError({
                kind: 'http_status',
                message: `${current.href} answered a subscription with a redirect to ${exchange.location}`,
                url: current.href,
              }),
            );
          if (hop >= this.options.maxRedirects) {
            return fail(
              new KiosqueError({
                kind: 'too_many_redirects',
                message: `More than ${this.options.maxRedirects} redirects starting at ${request.url} (last: ${current.href} → ${exchange.location})`,
                url: request.url,
              }),
            );
          }
          try {
            current = new URL(exchange.location, current);
          } catch {
            return fail(
              new KiosqueError({
                kind: 'bad_url',
                message: `${current.href} redirects to an invalid Location: ${exchange.location}`,
                url: current.href,
              }),
            );
          }
          continue;
        }
        case 'not_modified': {
          const notModified: NotModified = {
            ok: true,
            notModified: true,
            status: 304,
            url: current.href,
            redirects,
            // A 304 without validators keeps the ones we sent: they are still current.
            etag: exchange.headers['etag'] ?? request.etag ?? null,
            lastModified: exchange.headers['last-modified'] ?? request.lastModified ?? null,
            headers: exchange.headers,
            durationMs: 0,
          };
          return notModified;
        }
        case 'document':
          return this.document(current, request, redirects, exchange);
      }
    }
  }

  private document(
    url: URL,
    request: FetchRequest,
    redirects: string[],
    exchange: Extract<Exchange, { kind: 'document' }>,
  ): FetchOutcome {
    const contentType = exchange.headers['content-type'] ?? null;
    const decode = () => decodeDocument(exchange.body, contentType, request.kind, url.href);
    let decoded: DecodedBody | null = null;
    if (request.decode !== false) {
      try {
        decoded = decode();
      } catch (err) {
        return fail(err as KiosqueError);
      }
    }
    const head = {
      ok: true as const,
      notModified: false as const,
      status: exchange.status,
      url: url.href,
      redirects,
      etag: exchange.headers['etag'] ?? null,
      lastModified: exchange.headers['last-modified'] ?? null,
      contentType,
      headers: exchange.headers,
      body: exchange.body,
      durationMs: 0,
      release: exchange.allowance.release,
    };
    // Decoded now, or when first read (request.decode false).
    const body = (): DecodedBody => {
      if (!decoded) decoded = decode();
      return decoded;
    };
    const document: FetchedDocument = Object.defineProperties(head, {
      text: { enumerable: true, get: () => body().text },
      charset: { enumerable: true, get: () => body().charset },
      charsetSource: { enumerable: true, get: () => body().charsetSource },
    }) as FetchedDocument;
    return document;
  }

  /** One request to one URL, in this origin's turn and within the global cap. */
  private async exchange(url: URL, request: FetchRequest, addresses: Addresses): Promise<Exchange> {
    const releaseOrigin = await this.origins.acquire(
      url.origin,
      request.hostDelayMs ?? this.options.hostDelayMs,
      request.signal,
    );
    let releaseSlot: (() => void) | undefined;
    const host = url.hostname.toLowerCase();
    try {
      releaseSlot = await this.slots.acquire(request.signal);
      this.approved.set(host, addresses);
      return await this.send(url, request);
    } finally {
      if (this.approved.get(host) === addresses) this.approved.delete(host);
      releaseSlot?.();
      releaseOrigin();
    }
  }

  private async send(url: URL, request: FetchRequest): Promise<Exchange> {
    const limits: LimitsInUse = {
      connectTimeoutMs: this.options.connectTimeoutMs,
      headersTimeoutMs: this.options.headersTimeoutMs,
      totalTimeoutMs: this.options.totalTimeoutMs,
    };
    const controller = new AbortController();
    let timedOut: 'KIOSQUE_TOTAL_TIMEOUT' | 'UND_ERR_HEADERS_TIMEOUT' | null = null;
    const timer = setTimeout(() => {
      timedOut = 'KIOSQUE_TOTAL_TIMEOUT';
      controller.abort(new Error('total time limit'));
    }, this.options.totalTimeoutMs);
    // Our own headers timer: undici's runs on a coarse clock (about a second
    // of slack), which makes small limits imprecise.
    const headersTimer = setTimeout(() => {
      timedOut ??= 'UND_ERR_HEADERS_TIMEOUT';
      controller.abort(new Error('headers time limit'));
    }, this.options.headersTimeoutMs);
    const onCallerAbort = () => controller.abort(request.signal?.reason ?? new Error('cancelled'));
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    if (request.signal?.aborted) onCallerAbort();

    const abortedError = (err: unknown): KiosqueError =>
      timedOut
        ? describeRequestError({ code: timedOut }, url.href, limits)
        : request.signal?.aborted
          ? new KiosqueError({
              kind: 'internal',
              message: `Fetch of ${url.href} cancelled by the caller`,
              url: url.href,
            })
          : describeRequestError(err, url.href, limits);

    try {
      let response: Awaited<ReturnType<typeof undiciRequest>>;
      try {
        const attempt = () =>
          undiciRequest(url, {
            method: request.form ? 'POST' : 'GET',
            ...(request.form ? { body: new URLSearchParams(request.form).toString() } : {}),
            dispatcher: this.agent,
            headers: this.requestHeaders(request),
            signal: controller.signal,
            headersTimeout: this.options.headersTimeoutMs,
            bodyTimeout: this.options.totalTimeoutMs,
          });
        try {
          response = await attempt();
        } catch (err) {
          // A kept-alive connection the server closed while idle fails at
          // once with a reset: a GET is safe to send again, once, on a fresh one.
          if (timedOut || controller.signal.aborted || request.form || !isStaleConnection(err)) throw err;
          response = await attempt();
        }
      } catch (err) {
        return { kind: 'failure', error: abortedError(err) };
      } finally {
        clearTimeout(headersTimer);
      }
      const headers = flattenHeaders(response.headers);
      const status = response.statusCode;
      const body = response.body as unknown as Readable;
      // Destroying a body we no longer want emits an AbortError; it is not news.
      body.on('error', () => {});

      let bodySample = '';
      if (needsBodySample(status, headers)) {
        try {
          bodySample = (await readBody(body, headers, BODY_SAMPLE_BYTES, 'truncate')).toString('latin1');
        } catch {
          bodySample = ''; // the status alone still says enough
        }
      }
      const meaning = classifyResponse(status, headers, new Date(), { url: url.href, bodySample });
      if (meaning.kind !== 'ok') {
        await discard(body);
        if (meaning.kind === 'redirect') return { kind: 'redirect', location: meaning.location };
        if (meaning.kind === 'not_modified') return { kind: 'not_modified', headers };
        return { kind: 'failure', error: meaning.error };
      }

      const limit = request.maxBytes ?? this.options.maxBytes[request.kind];
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        body.destroy();
        return {
          kind: 'failure',
          error: tooLarge(url.href, request.kind, limit, `Content-Length announces ${declared} bytes`),
        };
      }
      const allowance = this.bodies.open();
      try {
        const bytes = await readBody(body, headers, limit, 'fail', allowance);
        return { kind: 'document', status, headers, body: bytes, allowance };
      } catch (err) {
        allowance.release();
        if (err instanceof BodyTooLarge) {
          return {
            kind: 'failure',
            error: tooLarge(url.href, request.kind, limit, `stopped after ${err.received} bytes`),
          };
        }
        if (err instanceof KiosqueError) {
          return {
            kind: 'failure',
            error: new KiosqueError({
              kind: err.kind,
              message: `${err.message} (${url.href})`,
              url: url.href,
            }),
          };
        }
        return { kind: 'failure', error: abortedError(err) };
      }
    } finally {
      clearTimeout(timer);
      clearTimeout(headersTimer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private requestHeaders(request: FetchRequest): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': request.userAgent ?? this.options.userAgent,
      accept: ACCEPT[request.kind],
      'accept-encoding': 'gzip, deflate, br',
    };
    // Validators go back byte for byte: a weak W/"…" ETag stays weak.
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      const lower = name.toLowerCase();
      if (!RESERVED_HEADERS.has(lower)) headers[lower] = value;
    }
    return headers;
  }

  /**
   * The connector: a name resolves only to the addresses the guard approved
   * for this request (so a second DNS answer cannot swap in 127.0.0.1), and
   * the connected socket's remote address is checked again before undici
   * writes the request.
   */
  private guardedConnector(): buildConnector.connector {
    const base = buildConnector({ timeout: this.options.connectTimeoutMs, lookup: this.guardedLookup() });
    return (connectOptions, callback) => {
      base(connectOptions, (err, socket) => {
        if (err || !socket) {
          callback(err ?? new Error('connection failed'), null);
          return;
        }
        const host = connectOptions.hostname.replace(/^\[|\]$/g, '');
        if (!isAllowedHost(host, this.options.allowHosts)) {
          const remote = (socket as Socket).remoteAddress;
          const reason = remote ? forbiddenRange(remote) : 'no remote address';
          if (reason) {
            socket.destroy();
            callback(blockedAddressError(host, remote ?? 'unknown', reason), null);
            return;
          }
        }
        callback(null, socket);
      });
    };
  }

  private guardedLookup() {
    return (
      hostname: string,
      lookupOptions: LookupOptions,
      callback: (
        err: NodeJS.ErrnoException | null,
        address: string | LookupAddress[],
        family?: number,
      ) => void,
    ): void => {
      const answer = (addresses: Addresses) => {
        const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const matching = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        const list = matching.length > 0 ? matching : addresses;
        if (lookupOptions.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      };
      const approved = this.approved.get(hostname.toLowerCase());
      if (approved) {
        answer(approved);
        return;
      }
      // A connection opened outside exchange() (not expected): resolve and check here.
      checkUrlTarget(`http://${hostname}/`, this.options.allowHosts, this.resolver).then(
        (target) => {
          if (target.ok) answer(target.addresses);
          else callback(target.error as unknown as NodeJS.ErrnoException, '');
        },
        (err: unknown) => callback(err as NodeJS.ErrnoException, ''),
      );
    };
  }
}

/** The error undici gives when a reused keep-alive socket turns out closed. */
function isStaleConnection(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

function fail(error: KiosqueError): FetchFailure {
  return { ok: false, error, durationMs: 0 };
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function tooLarge(url: string, kind: FetchKind, limit: number, detail: string): KiosqueError {
  return new KiosqueError({
    kind: 'too_large',
    message: `Body of ${url} is over the ${formatBytes(limit)} limit for a ${kind} (${detail}); raise maxBytes for this source if that size is expected`,
    url,
  });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** Reads and drops a small unwanted body (redirect, 304, error page) so the connection can be reused. */
async function discard(
  body: Readable & { dump?: (opts: { limit: number }) => Promise<void> },
): Promise<void> {
  try {
    if (body.dump) await body.dump({ limit: BODY_SAMPLE_BYTES });
    else body.destroy();
  } catch {
    // A body that fails while being thrown away changes nothing.
  }
}

class BodyTooLarge extends Error {
  constructor(readonly received: number) {
    super('body too large');
  }
}

/**
 * Reads a body through its decompressors, counting decompressed bytes as they
 * arrive and stopping as soon as the count passes `limit` (so a zip bomb or an
 * endless stream costs at most `limit` bytes of memory). In "truncate" mode
 * the first `limit` bytes are returned instead of failing.
 */
async function readBody(
  body: Readable,
  headers: Record<string, string>,
  limit: number,
  mode: 'fail' | 'truncate',
  allowance?: BodyAllowance,
): Promise<Buffer> {
  const decoders: Transform[] = decompressors(headers['content-encoding']);
  const source: Readable =
    decoders.length === 0
      ? body
      : (pipeline(body, ...(decoders as [Transform, ...Transform[]]), () => {}) as unknown as Readable);
  const bytes = new BodyBytes(limit);
  try {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      if (bytes.length + buffer.length > limit) {
        if (mode === 'truncate') {
          bytes.append(buffer.subarray(0, limit - bytes.length));
          break;
        }
        throw new BodyTooLarge(bytes.length + buffer.length);
      }
      // Over the process's budget: wait (the socket waits too) for bytes given back.
      if (allowance) await allowance.take(buffer.length);
      bytes.append(buffer);
    }
  } finally {
    allowance?.finished();
    // Stops the download at once (and closes the connection) if we left early.
    if (!body.readableEnded) body.destroy();
  }
  return bytes.bytes();
}
