// Content-Encoding decoding with node:zlib streams: undici's request() hands
// back the bytes as sent, and zlib streams let the size limit count the
// decompressed bytes as they come (the only count that stops a zip bomb).
import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { KiosqueError } from '../util/errors.ts';

// Lenient flushing: many servers end gzip streams without the final block.
const LENIENT = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

/**
 * The decoders for a Content-Encoding header, in the order to apply them
 * ("gzip, br" was gzipped first, so it is un-brotlied first). Throws a
 * bad_encoding KiosqueError for an encoding we did not ask for.
 */
export function decompressors(contentEncoding: string | undefined): Transform[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  return codings.reverse().map((coding) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip(LENIENT);
      case 'deflate':
        return new AutoInflate();
      case 'br':
        return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
      default:
        throw new KiosqueError({ kind: 'bad_encoding', message: `Unsupported Content-Encoding "${coding}"` });
    }
  });
}

/**
 * "deflate" should mean zlib-wrapped deflate (RFC 9110), but old servers send
 * raw deflate; like browsers, look at the first byte to tell which.
 */
class AutoInflate extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | undefined;
  private innerEnded: Promise<void> | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const inner = this.inner ?? this.start(chunk);
    if (inner.write(chunk)) callback();
    else inner.once('drain', () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inner || !this.innerEnded) {
      callback();
      return;
    }
    this.innerEnded.then(() => callback(), callback);
    this.inner.end();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }

  private start(first: Buffer): zlib.Inflate | zlib.InflateRaw {
    // A zlib header: compression method 8 in the low nibble, and CMF·256+FLG divisible by 31.
    const cmf = first[0] ?? 0;
    const flg = first[1] ?? 0;
    const wrapped = (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
    const inner = wrapped ? zlib.createInflate(LENIENT) : zlib.createInflateRaw(LENIENT);
    inner.on('data', (data: Buffer) => this.push(data));
    this.innerEnded = new Promise((resolve, reject) => {
      inner.once('end', resolve);
      inner.once('error', reject);
    });
    inner.on('error', (err) => this.destroy(err));
    this.inner = inner;
    return inner;
  }
}
