// The bytes of response bodies the process holds at once, bounded.
//
// Feeds in flight were bounded, bytes were not: 32 feeds of 10 MB each (the
// feed limit) is 320 MB of bodies, twice that once decoded. Every body is
// read against this budget, chunk by chunk, and its bytes stay counted
// until the caller is done with the document (parsed and stored), not only
// until the download ends. A reader over the budget waits, and its socket
// with it (TCP's own backpressure), until others give bytes back.
//
// Never a deadlock, and still a bound: when every byte held belongs to
// bodies still downloading, the oldest of them goes on whatever the budget
// says (so downloads never wait only for each other); once bytes are held
// by finished documents, everyone waits for those to be given back, which
// parsing and storing do without any download. The process holds at most
// the budget plus one document's own limit.

export interface BodyAllowance {
  /** Waits until `bytes` more may be held. */
  take(bytes: number): Promise<void>;
  /** The download ended (or failed): it no longer has the oldest reader's right of way. */
  finished(): void;
  /** Gives every byte back (the document is done with). Idempotent. */
  release(): void;
}

interface Waiter {
  reader: number;
  bytes: number;
  grant: () => void;
}

export class ByteBudget {
  private used = 0;
  /** Of `used`, the bytes of documents whose download ended. */
  private finishedBytes = 0;
  /** Readers still downloading, oldest first (a Set keeps insertion order). */
  private readonly reading = new Set<number>();
  private readonly waiters: Waiter[] = [];
  private nextReader = 1;

  constructor(readonly limitBytes: number) {}

  /** Bytes held now (for tests and metrics). */
  get held(): number {
    return this.used;
  }

  open(): BodyAllowance {
    const reader = this.nextReader++;
    this.reading.add(reader);
    let held = 0;
    let released = false;
    return {
      take: (bytes) => {
        if (released) return Promise.resolve();
        if (this.fits(reader, bytes)) {
          this.used += bytes;
          held += bytes;
          return Promise.resolve();
        }
        return new Promise<void>((resolve) => {
          this.waiters.push({
            reader,
            bytes,
            grant: () => {
              if (!released) {
                this.used += bytes;
                held += bytes;
              }
              resolve();
            },
          });
        });
      },
      finished: () => {
        if (released || !this.reading.delete(reader)) return;
        this.finishedBytes += held;
        this.wake();
      },
      release: () => {
        if (released) return;
        released = true;
        if (!this.reading.delete(reader)) this.finishedBytes -= held;
        this.used -= held;
        held = 0;
        // Its own waits end (uncharged): the download is being abandoned.
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          const w = this.waiters[i]!;
          if (w.reader === reader) {
            this.waiters.splice(i, 1);
            w.grant();
          }
        }
        this.wake();
      },
    };
  }

  private fits(reader: number, bytes: number): boolean {
    if (this.used + bytes <= this.limitBytes) return true;
    // Only downloads hold bytes: the oldest goes on whatever the budget says.
    return this.finishedBytes === 0 && this.reading.values().next().value === reader;
  }

  private wake(): void {
    for (let i = 0; i < this.waiters.length; ) {
      const w = this.waiters[i]!;
      if (this.fits(w.reader, w.bytes)) {
        this.waiters.splice(i, 1);
        w.grant();
      } else i++;
    }
  }
}
