// A page's UTF-8 bytes, made in one scratch buffer and copied out at their
// exact size: Buffer.from measures a text before writing it (two passes over
// a 17 KB page), and a fresh buffer of room for any text (3 bytes a UTF-16
// unit) costs an allocation as large as three pages. Parts already encoded
// (a page's shared top) are copied, not encoded again.

let scratch = Buffer.allocUnsafeSlow(64 * 1024);

/** The parts' bytes, in order: strings as UTF-8, buffers as they are. */
export function utf8Of(parts: ReadonlyArray<string | Buffer>): Buffer {
  let room = 0;
  for (const part of parts) room += typeof part === 'string' ? part.length * 3 : part.length;
  if (scratch.length < room) scratch = Buffer.allocUnsafeSlow(room);
  let length = 0;
  for (const part of parts) {
    length += typeof part === 'string' ? scratch.write(part, length) : part.copy(scratch, length);
  }
  // allocUnsafe, not Buffer.from(a view): that one zero-fills a new
  // ArrayBuffer first, a third of the encoding's cost (profiled).
  const bytes = Buffer.allocUnsafe(length);
  scratch.copy(bytes, 0, 0, length);
  return bytes;
}
