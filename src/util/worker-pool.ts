// A small pool of worker threads with a time and a memory bound per job.
//
// The work it runs (parsing feeds, sanitizing and planning articles) reads
// publishers' bytes: a bound that does not depend on our code being right is
// cheap insurance. A worker, not the caller's thread, does the work, so a slow
// job never blocks the event loop, and a worker over its bound is terminated
// (V8 interrupts even a tight loop) and replaced. Workers are reused: starting
// one (tsx loader and modules) costs far more than a typical job.
//
// A worker script answers { ready: true } once loaded, then one
// { id, result } or { id, error: ErrorInfo } per { id, payload } it receives.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workCounts } from './work-counts.ts';
import { buildIsFresh } from '../../bin/freshness.js';
import { type ErrorInfo, KiosqueError } from './errors.ts';

/**
 * A worker thread's entry. In the build (dist/, scripts/build.mjs), the
 * compiled entry of that name beside the caller's chunk. From src/ (tests,
 * benchmarks, a checkout being edited), the build's entry too when the
 * build matches src/: a thread with tsx costs ~70 MB more and starts
 * slower; otherwise the .mjs beside the caller, which registers tsx.
 */
export function workerScript(name: string, moduleUrl: string): URL {
  if (!moduleUrl.endsWith('.ts')) return new URL(`./${name}.js`, moduleUrl);
  buildFresh ??= buildIsFresh(fileURLToPath(SRC), fileURLToPath(new URL('../dist/', SRC)));
  return buildFresh ? new URL(`../dist/${name}.js`, SRC) : new URL(`./${name}.mjs`, moduleUrl);
}

/** src/ of this checkout (this file is src/util/worker-pool.ts). */
const SRC = new URL('../', import.meta.url);
let buildFresh: boolean | undefined;

export interface JobLimits {
  /** Wall-clock bound for one job once a worker has started it. */
  timeoutMs?: number;
  /** The worker's old-generation heap bound. */
  maxHeapMb?: number;
  /**
   * End the worker after this job (a large document): V8 keeps the heap a
   * large job grew to, and a fresh worker costs ~50 ms.
   */
  recycle?: boolean;
}

export interface WorkerPoolOptions {
  /** The worker's entry: a plain .mjs that registers tsx, then loads the TypeScript. */
  script: URL;
  /** Names the work in error messages ("parsing the feed", "preparing the articles"). */
  what: string;
  timeoutMs: number;
  maxHeapMb: number;
  /** How many threads at most. Default: 2, or 1 on a one-core machine. */
  size?: number;
  /** A worker idle this long ends (its memory goes back); the next job starts one. Default 30 s. */
  idleMs?: number;
}

interface Job<P, R> {
  id: number;
  payload: P;
  url: string | undefined;
  timeoutMs: number;
  heapMb: number;
  recycle: boolean;
  resolve: (result: R) => void;
  reject: (error: KiosqueError) => void;
}

interface Slot<P, R> {
  worker: Worker;
  heapMb: number;
  ready: boolean;
  job: Job<P, R> | null;
  timer: NodeJS.Timeout | null;
  /** Ends the worker when it has been idle for idleMs. */
  idleTimer: NodeJS.Timeout | null;
}

type WorkerMessage<R> = { ready: true } | { id: number; result: R } | { id: number; error: ErrorInfo };

const DEFAULT_IDLE_MS = 30_000;

export class WorkerPool<P, R> {
  private readonly slots: Slot<P, R>[] = [];
  private readonly queue: Job<P, R>[] = [];
  private nextId = 1;
  private size: number;

  constructor(private readonly options: WorkerPoolOptions) {
    this.size = options.size ?? Math.min(2, Math.max(1, availableParallelism()));
  }

  /** How many threads at most from now on; extra ones end when their job is done. */
  resize(size: number): void {
    this.size = Math.max(1, Math.floor(size));
    for (const slot of this.slots.filter((s) => s.job === null)) {
      if (this.slots.length > this.size) this.retire(slot);
    }
    this.dispatch();
  }

  /**
   * Runs one job. Rejects with `parse_timeout` when it takes longer than
   * the time bound, `too_large` when it needs more heap than the memory
   * bound, and with the worker's own error value otherwise.
   */
  run(payload: P, limits: JobLimits = {}, url?: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        payload,
        url,
        timeoutMs: limits.timeoutMs ?? this.options.timeoutMs,
        heapMb: limits.maxHeapMb ?? this.options.maxHeapMb,
        recycle: limits.recycle ?? false,
        resolve,
        reject,
      });
      this.dispatch();
    });
  }

  /** Stops every worker and fails the jobs still waiting. For shutdown and tests. */
  async close(): Promise<void> {
    const closing = new KiosqueError({
      kind: 'internal',
      message: `the pool for ${this.options.what} was closed`,
    });
    for (const job of this.queue.splice(0)) job.reject(closing);
    const stopping = this.slots.splice(0).map((slot) => {
      if (slot.timer) clearTimeout(slot.timer);
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.job?.reject(closing);
      slot.job = null;
      return slot.worker.terminate();
    });
    await Promise.all(stopping);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      let slot = this.slots.find((s) => s.job === null && s.heapMb === job.heapMb);
      if (!slot) {
        if (this.slots.length >= this.size) {
          // A worker with another heap bound is idle: replace it with one that fits.
          const idle = this.slots.find((s) => s.job === null);
          if (!idle) return; // all busy: the job waits its turn
          this.retire(idle);
        }
        slot = this.spawn(job.heapMb);
      }
      this.queue.shift();
      this.start(slot, job);
    }
  }

  private spawn(heapMb: number): Slot<P, R> {
    workCounts.threadsStarted++;
    const worker = new Worker(this.options.script, {
      // The worker loads tsx itself, the same way whether the main thread
      // runs under `node --import tsx` or registered tsx by hand.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 },
    });
    const slot: Slot<P, R> = { worker, heapMb, ready: false, job: null, timer: null, idleTimer: null };
    worker.unref(); // an idle pool must not keep the process alive
    worker.on('message', (message: WorkerMessage<R>) => this.onMessage(slot, message));
    worker.on('error', (err: Error & { code?: string }) => {
      const outOfMemory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(
        slot,
        new KiosqueError(
          {
            kind: outOfMemory ? 'too_large' : 'internal',
            message: outOfMemory
              ? `${this.options.what} needed more than ${slot.heapMb} MB`
              : `the worker for ${this.options.what} failed: ${err.message}`,
            ...(slot.job?.url ? { url: slot.job.url } : {}),
          },
          { cause: err },
        ),
      );
    });
    worker.on('exit', (code) => {
      this.fail(
        slot,
        new KiosqueError({
          kind: 'internal',
          message: `the worker for ${this.options.what} exited (code ${code})`,
        }),
      );
    });
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot<P, R>, job: Job<P, R>): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.job = job;
    slot.worker.ref(); // a job in progress keeps the process alive until it settles
    slot.worker.postMessage({ id: job.id, payload: job.payload });
    // The clock starts when the worker can work, so its start-up is not counted.
    if (slot.ready) this.arm(slot);
  }

  private arm(slot: Slot<P, R>): void {
    const job = slot.job;
    if (!job) return;
    slot.timer = setTimeout(() => {
      this.fail(
        slot,
        new KiosqueError({
          kind: 'parse_timeout',
          message: `${this.options.what} took longer than ${job.timeoutMs} ms`,
          ...(job.url ? { url: job.url } : {}),
        }),
      );
    }, job.timeoutMs);
    slot.timer.unref();
  }

  private onMessage(slot: Slot<P, R>, message: WorkerMessage<R>): void {
    if ('ready' in message) {
      slot.ready = true;
      this.arm(slot);
      return;
    }
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    if (job.recycle || this.slots.length > this.size) this.retire(slot);
    else {
      slot.idleTimer = setTimeout(() => this.retire(slot), this.options.idleMs ?? DEFAULT_IDLE_MS);
      slot.idleTimer.unref();
    }
    if ('error' in message) job.reject(new KiosqueError(message.error));
    else job.resolve(message.result);
    this.dispatch();
  }

  // The worker is gone or going: settle its job, forget it, let the queue move on.
  private fail(slot: Slot<P, R>, error: KiosqueError): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 && slot.job === null) return;
    if (index !== -1) this.slots.splice(index, 1);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const job = slot.job;
    slot.job = null;
    void slot.worker.terminate();
    job?.reject(error);
    this.dispatch();
  }

  private retire(slot: Slot<P, R>): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
    void slot.worker.terminate();
  }
}

/** The worker side: answers each job with `work(payload)`, or its error as a value. */
export async function serveJobs<P, R>(work: (payload: P) => R | Promise<R>): Promise<void> {
  const { parentPort } = await import('node:worker_threads');
  if (!parentPort) return;
  const port = parentPort;
  const { toKiosqueError } = await import('./errors.ts');
  port.on('message', async (request: { id: number; payload: P }) => {
    try {
      port.postMessage({ id: request.id, result: await work(request.payload) });
    } catch (err) {
      port.postMessage({ id: request.id, error: toKiosqueError(err, 'internal').toJSON() });
    }
  });
  port.postMessage({ ready: true });
}
