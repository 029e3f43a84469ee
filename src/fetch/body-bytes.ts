// A response body's bytes as they arrive, held once.
//
// Bodies were read as a list of chunks, then copied whole into one buffer:
// at the end of a 9 MB download the process held it twice, and the chunks,
// old enough by then to have left V8's young generation, stayed until the
// main heap's next full collection (~9 MB more at the hostile crawl's peaks).
// A small body is still a list of chunks joined at the end (most are, and it
// costs nothing). From SHARED_BODY_BYTES on, each chunk is copied on arrival
// into a SharedArrayBuffer that grows in place (its address space reserved
// up to the limit, its memory taken as it fills) and is dropped while young.
// In shared memory the body goes to the worker thread that parses it
// without a copy.
import { constants } from 'node:buffer';

/** ES2024's growable SharedArrayBuffer: Node 20 has it, the project's TypeScript lib (ES2022) not yet. */
interface GrowableShared extends SharedArrayBuffer {
  grow(length: number): void;
}
const GrowableShared = SharedArrayBuffer as unknown as new (
  length: number,
  options: { maxByteLength: number },
) => GrowableShared;

/** Bodies from this size are read into shared memory. */
export const SHARED_BODY_BYTES = 1024 * 1024;

export class BodyBytes {
  private chunks: Buffer[] = [];
  private store: GrowableShared | null = null;
  /** A length-tracking view of the store: it sees the bytes the store grows by. */
  private view: Uint8Array | null = null;
  /** Bytes appended so far. */
  length = 0;

  /** `limit`: the most bytes this body may reach (the fetch's size limit). */
  constructor(private readonly limit: number) {}

  append(chunk: Buffer): void {
    const end = this.length + chunk.length;
    if (this.store === null && end >= SHARED_BODY_BYTES) this.share();
    if (this.store && this.view) {
      this.store.grow(end);
      this.view.set(chunk, this.length);
    } else this.chunks.push(chunk);
    this.length = end;
  }

  /** The whole body: an ordinary buffer when small, shared memory from SHARED_BODY_BYTES. */
  bytes(): Buffer {
    if (this.store) return Buffer.from(this.store, 0, this.length);
    return Buffer.concat(this.chunks, this.length);
  }

  private share(): void {
    this.store = new GrowableShared(0, { maxByteLength: Math.min(this.limit, constants.MAX_LENGTH) });
    this.store.grow(this.length);
    this.view = new Uint8Array(this.store);
    let at = 0;
    for (const chunk of this.chunks) {
      this.view.set(chunk, at);
      at += chunk.length;
    }
    this.chunks = [];
  }
}
