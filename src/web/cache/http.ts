// Two small pieces of HTTP the page cache and the image proxy share:
// If-None-Match matching and Accept-Encoding negotiation.

/** If-None-Match against one ETag, with the weak comparison RFC 9110 asks for on GET. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

export type Encoding = 'br' | 'gzip';

/** br when the reader takes it, else gzip, else none (q=0 refuses a coding). */
export function negotiateEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  let gzipOk = false;
  let brOk = false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    if (coding === 'br') brOk = true;
    else if (coding === 'gzip' || coding === 'x-gzip') gzipOk = true;
    else if (coding === '*') {
      brOk = true;
      gzipOk = true;
    }
  }
  return brOk ? 'br' : gzipOk ? 'gzip' : null;
}

/** What @fastify/compress may compress: HTML, CSS, JS, JSON, XML (feeds, sitemaps) — never image/*, SVG included. */
export const COMPRESSIBLE_TYPES =
  /^(?:text\/(?!event-stream)|application\/(?:[a-z0-9.+-]*\+)?(?:json|xml|javascript|ecmascript)(?:;|$))/;
