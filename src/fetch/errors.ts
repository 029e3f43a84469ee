// Turns what undici, node:net, node:dns and node:zlib throw into error values
// a person can act on: which URL, what went wrong, which limit was reached.
import { KiosqueError } from '../util/errors.ts';

export interface LimitsInUse {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  totalTimeoutMs: number;
}

function codeOf(err: unknown): string | undefined {
  // undici wraps socket errors; the useful code is often on the cause.
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function kiosqueErrorIn(err: unknown): KiosqueError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    if (current instanceof KiosqueError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a request or body-read error to a KiosqueError for `url`. Pure. */
export function describeRequestError(err: unknown, url: string, limits: LimitsInUse): KiosqueError {
  const own = kiosqueErrorIn(err);
  if (own) {
    // Raised by our connector or lookup (the address guard): add the URL.
    return new KiosqueError({
      kind: own.kind,
      message: own.message.includes(url) ? own.message : `${own.message} (${url})`,
      url,
    });
  }
  const code = codeOf(err) ?? '';
  const detail = err instanceof Error ? err.message : String(err);
  const make = (kind: 'timeout' | 'network' | 'bad_encoding', message: string) =>
    new KiosqueError({ kind, message, url }, { cause: err });
  switch (code) {
    case 'KIOSQUE_TOTAL_TIMEOUT':
      return make('timeout', `Gave up on ${url}: over the total time limit of ${limits.totalTimeoutMs} ms`);
    case 'UND_ERR_CONNECT_TIMEOUT':
      return make(
        'timeout',
        `Could not connect for ${url} within the connect time limit of ${limits.connectTimeoutMs} ms`,
      );
    case 'UND_ERR_HEADERS_TIMEOUT':
      return make(
        'timeout',
        `No response headers from ${url} within the headers time limit of ${limits.headersTimeoutMs} ms`,
      );
    case 'UND_ERR_BODY_TIMEOUT':
      return make(
        'timeout',
        `The body of ${url} stalled: nothing received within the total time limit of ${limits.totalTimeoutMs} ms`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
    case 'EAI_NONAME':
      return make('network', `Could not resolve the host of ${url} (${code})`);
    case 'ECONNREFUSED':
      return make('network', `Connection refused by the server of ${url}`);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return make('network', `Connection reset or closed by the server of ${url} (${code}: ${detail})`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return make('network', `Cannot reach the server of ${url} (${code})`);
  }
  if (code.startsWith('Z_') || code.includes('BROTLI') || code.startsWith('ERR__ERROR')) {
    return make('bad_encoding', `The compressed body of ${url} is corrupt (${code}: ${detail})`);
  }
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.includes('SSL')) {
    return make('network', `TLS failed for ${url} (${code}: ${detail})`);
  }
  return make('network', `Request to ${url} failed: ${detail}${code ? ` (${code})` : ''}`);
}
