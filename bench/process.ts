// What the kernel says about a child process (/proc), for the benchmarks
// that measure the built command in a process of its own.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/cli/run.ts';

/** A process's resident set now (rss) and at its peak (hwm, VmHWM), in MB; null once gone. */
export function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * Waits for a child to end, with its output and its peak resident set
 * (read every 50 ms: VmHWM only grows, so the last reading is the peak).
 */
export async function finished(
  child: ChildProcess,
  onStderr?: (chunk: string) => void,
): Promise<{ code: number | null; stdout: string; stderr: string; peakMb: number }> {
  let peakMb = 0;
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, memoryOf(child.pid!)?.hwm ?? 0);
  }, 50);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
    onStderr?.(String(d));
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  return { code, stdout, stderr, peakMb };
}

/** Watches a long-running child's peak resident set. */
export function watchPeak(child: ChildProcess): { peak: () => number } {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(child.pid!)?.hwm ?? 0);
  }, 50);
  child.once('exit', () => clearInterval(timer));
  return { peak: () => peak };
}

/**
 * The Node flags `npm start` runs Kiosque with (package.json's start script:
 * the heap limits the deploy files use too), so that a benchmark's own
 * process is the one an installation runs.
 */
/** The environment `npm start` sets before `node` (glibc's malloc settings: README, "A small server"). */
export function launchEnv(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = pkg.scripts.start?.split(/\s+/) ?? [];
  const env: Record<string, string> = {};
  for (const word of words.slice(0, words.indexOf('node'))) {
    const eq = word.indexOf('=');
    if (eq > 0) env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return env;
}

export function launchFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = pkg.scripts.start?.split(/\s+/) ?? [];
  return words.slice(1, words.indexOf('bin/kiosque.js')).filter((w) => w.startsWith('--'));
}

/**
 * The built `kiosque start` as `npm start` launches it (flags and
 * environment), on SQLite in `dir` (k.db, sources.yaml, images), crawling the
 * press whose hosts are allowed; resolved once /healthz answers.
 */
export async function startKiosque(
  dir: string,
  allowHosts: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; base: string; dbPath: string }> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const port = await freePort();
  const dbPath = join(dir, 'k.db');
  // BENCH_NODE_FLAGS: more flags for the command alone (e.g. --cpu-prof, which NODE_OPTIONS refuses).
  const extra = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...launchFlags(), ...extra, join(root, 'bin/kiosque.js'), 'start'], {
    cwd: root,
    env: {
      ...process.env,
      ...launchEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${dbPath}`,
      KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
      KIOSQUE_ALLOW_HOSTS: allowHosts.join(','),
      KIOSQUE_IMAGE_CACHE: join(dir, 'images'),
      // Its own address: where WebSub hubs call back, when it is on.
      KIOSQUE_BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, base, dbPath };
}
