// Politeness: one request at a time per origin, a pause between two requests
// to the same origin, and a cap on requests in flight overall. Written here
// (a promise chain per origin and a counting semaphore) rather than taken from
// a queue library because the rule "delay from the end of one request to the
// start of the next" is the whole point and fits in a page.
import { KiosqueError } from '../util/errors.ts';

export type Release = () => void;

interface OriginState {
  /** Settles when the last request queued for this origin has released. */
  tail: Promise<void>;
  /** When the previous request to this origin ended (ms since epoch). */
  lastEnd: number;
  pending: number;
}

/** Serializes requests per origin (scheme + host + port) with a minimum gap between them. */
export class OriginQueue {
  private readonly origins = new Map<string, OriginState>();

  /**
   * Waits for this origin's turn, then for `delayMs` after the previous
   * request's end. The returned release must be called when the response
   * body is read (or the request failed).
   */
  async acquire(origin: string, delayMs: number, signal?: AbortSignal): Promise<Release> {
    let state = this.origins.get(origin);
    if (!state) {
      state = { tail: Promise.resolve(), lastEnd: 0, pending: 0 };
      this.origins.set(origin, state);
    }
    const entry = state;
    const previous = entry.tail;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    entry.tail = previous.then(() => mine);
    entry.pending++;

    let released = false;
    const release = (used: boolean) => {
      if (released) return;
      released = true;
      if (used) entry.lastEnd = Date.now();
      entry.pending--;
      // Forget idle origins so a crawl over thousands of hosts does not keep them all.
      if (entry.pending === 0) {
        const forget = () => {
          if (entry.pending === 0 && this.origins.get(origin) === entry) this.origins.delete(origin);
        };
        // A minute of grace: a later request may ask for a longer delay than this one did.
        setTimeout(forget, Math.max(delayMs, 0) + 60_000).unref();
      }
      done();
    };

    try {
      await abortable(previous, signal);
      const wait = entry.lastEnd + delayMs - Date.now();
      if (wait > 0) await abortable(sleep(wait), signal);
    } catch (err) {
      // Our turn is given up: let the next request through once the previous one is done.
      void previous.then(() => release(false));
      throw err;
    }
    return () => release(true);
  }

  /** Number of origins currently remembered (for tests and metrics). */
  get size(): number {
    return this.origins.size;
  }
}

/** At most `limit` holders at once; waiters are served first come, first served. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async acquire(signal?: AbortSignal): Promise<Release> {
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    let granted = false;
    let grant!: () => void;
    const turn = new Promise<void>((resolve) => {
      grant = () => {
        granted = true;
        resolve();
      };
      this.waiters.push(grant);
    });
    try {
      await abortable(turn, signal);
    } catch (err) {
      // If the slot was granted in the same tick as the abort, hand it on.
      if (granted) this.releaser()();
      else this.waiters.splice(this.waiters.indexOf(grant), 1);
      throw err;
    }
    return this.releaser();
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `promise` unless `signal` aborts first. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelled(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function cancelled(signal: AbortSignal): KiosqueError {
  const reason = signal.reason instanceof Error ? signal.reason.message : 'cancelled';
  return new KiosqueError({
    kind: 'internal',
    message: `Fetch cancelled by the caller while waiting for its turn (${reason})`,
  });
}
