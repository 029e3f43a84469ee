// The console's HTTP details: who is asking (address, TLS, origin) with
// KIOSQUE_TRUST_PROXY honoured only for the proxies it names, cookies, and
// the two form encodings a browser sends without JavaScript.
import type { FastifyRequest } from 'fastify';
import { clientAddress, normalizeAddress, type TrustedProxies } from '../../moderation/index.ts';

/** The peer is a proxy the operator named: its X-Forwarded-* headers are believed. */
function viaTrustedProxy(request: FastifyRequest, trust: TrustedProxies | null): boolean {
  const peer = request.raw.socket.remoteAddress;
  const address = peer ? normalizeAddress(peer) : null;
  return Boolean(trust && address && trust.contains(address));
}

function firstHeader(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  const first = v?.split(',')[0]?.trim();
  return first ? first : null;
}

export interface Client {
  /** The client's address (from X-Forwarded-For only behind a trusted proxy). */
  address: string;
  /** The request came over TLS (X-Forwarded-Proto only from a trusted proxy). */
  secure: boolean;
  /** scheme://host as the client addressed us. */
  origin: string | null;
}

export function clientOf(request: FastifyRequest, trust: TrustedProxies | null): Client {
  const proxied = viaTrustedProxy(request, trust);
  const address =
    clientAddress(request.raw.socket.remoteAddress, request.headers['x-forwarded-for'], trust) ?? 'unknown';
  const encrypted = Boolean((request.raw.socket as { encrypted?: boolean }).encrypted);
  const proto = proxied ? firstHeader(request.headers['x-forwarded-proto'])?.toLowerCase() : null;
  const secure = proto ? proto === 'https' : encrypted;
  const host =
    (proxied ? firstHeader(request.headers['x-forwarded-host']) : null) ?? firstHeader(request.headers.host);
  return { address, secure, origin: host ? `${secure ? 'https' : 'http'}://${host.toLowerCase()}` : null };
}

/**
 * The same-origin check of a form post: its Origin (or, when a browser sent
 * none, its Referer) must be this site, as the client addressed it or as
 * the site's public address says. A post that names no origin is refused.
 */
export function sameOrigin(request: FastifyRequest, client: Client, baseUrl: string): boolean {
  const allowed = new Set<string>();
  if (client.origin) {
    allowed.add(client.origin);
    // TLS ended at a proxy nobody named in KIOSQUE_TRUST_PROXY: the page was
    // https on our own host, which no other site can serve.
    if (client.origin.startsWith('http://')) allowed.add(`https://${client.origin.slice('http://'.length)}`);
  }
  try {
    allowed.add(new URL(baseUrl).origin);
  } catch {
    // a base URL that is not one allows nothing more
  }
  const origin = firstHeader(request.headers.origin);
  if (origin) return origin !== 'null' && allowed.has(origin.toLowerCase());
  const referer = firstHeader(request.headers.referer);
  if (!referer) return false;
  try {
    return allowed.has(new URL(referer).origin);
  } catch {
    return false;
  }
}

export function readCookie(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : null;
    }
  }
  return null;
}

export function cookie(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeS: number | null },
): string {
  const parts = [`${name}=${value}`, 'Path=/admin', 'HttpOnly', 'SameSite=Strict'];
  if (options.maxAgeS !== null) parts.push(`Max-Age=${options.maxAgeS}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

// ── Form bodies ───────────────────────────────────────────────────────────

/** A form's fields (the last value of a repeated name wins, except in `all`) and its uploaded files. */
export interface FormBody {
  fields: Record<string, string>;
  all: Record<string, string[]>;
  files: Record<string, { filename: string; contentType: string; data: Buffer }>;
}

export function parseUrlencoded(text: string): FormBody {
  const fields: Record<string, string> = {};
  const all: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    fields[k] = v;
    all[k] = [...(all[k] ?? []), v];
  }
  return { fields, all, files: {} };
}

/** multipart/form-data, as a browser sends a form with a file (the OPML import). */
export function parseMultipart(body: Buffer, contentType: string): FormBody {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2]?.trim();
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const out: FormBody = { fields: {}, all: {}, files: {} };
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart body without its boundary');
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw new Error('multipart body cut short');
    const part = body.subarray(start, next - 2); // the CRLF before the next delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const data = part.subarray(headerEnd + 4);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      if (filename !== undefined) {
        const type = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
        out.files[name] = { filename, contentType: type, data };
      } else {
        const value = data.toString('utf8');
        out.fields[name] = value;
        out.all[name] = [...(out.all[name] ?? []), value];
      }
    }
    pos = next;
  }
  return out;
}
