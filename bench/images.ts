// `npm run bench:images`: the image proxy's resized copies (issue 17).
//
// The real server (`buildServer`, image proxy and all) in a child process
// started with `npm start`'s own Node flags and environment, a loopback
// publisher serving distinct photo-like JPEGs, and in the parent:
//
// 1. What a reader's browser downloads: each picture's original beside its
//    copies at 320 and 640 pixels in AVIF and WebP (bytes, medians).
// 2. What making the copies costs the server: every picture fetched, then
//    every width asked as AVIF and as WebP, one after the other (time per
//    copy, median and p95) and then many at once (wall time), with the
//    server's resident set before, after and at its peak.
// 3. Copies served from the cache under load (autocannon), beside the
//    original served from the cache and a fixed string from the same server
//    (the floor), in the same round.
//
// The pictures are synthetic (smooth gradients, edges and fine noise at
// 1600 × 900, JPEG quality 85, about as hard to encode as a press photo and
// harder than most): no real photographs ship with the project.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { createHttpClient, defaultHttpClientOptions } from '../src/fetch/index.ts';
import { dbOf, openDatabase, Store } from '../src/store/index.ts';
import { loadConfig } from '../src/config/index.ts';
import { silentLogger } from '../src/util/log.ts';
import { buildServer } from '../src/web/index.ts';
import { IMAGE_WIDTHS } from '../src/web/images/widths.ts';
import { launchEnv, launchFlags, memoryOf, watchPeak } from './process.ts';
import { writeReport } from './report.ts';

const PICTURES = Number(process.env.BENCH_IMAGES_PICTURES ?? 24);
const DURATION_S = Number(process.env.BENCH_IMAGES_DURATION ?? 10);
const CONNECTIONS = 50;
const CHROME_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
const WEBP_ACCEPT = 'image/webp,image/png,image/*;q=0.8,*/*;q=0.5';
const FIXED_BODY = 'x'.repeat(30 * 1024);

/** A 1600 × 900 picture with gradients, hard edges and fine noise; `n` shifts it so each is distinct. */
async function photo(n: number): Promise<Buffer> {
  const width = 1600;
  const height = 900;
  const raw = Buffer.alloc(width * height * 3);
  let seed = 12345 + n * 7919;
  const noise = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return ((seed >>> 0) % 24) - 12;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const sky = y < height * (0.4 + 0.1 * Math.sin((x + n * 50) / 170));
      const base = sky
        ? [90 + (y * 80) / height, 140 + (y * 60) / height, 210]
        : [120 + 60 * Math.sin((x * (n + 3)) / 97), 100 + 40 * Math.cos(y / 31), 70 + ((x + y) % 40)];
      raw[i] = Math.max(0, Math.min(255, base[0]! + noise()));
      raw[i + 1] = Math.max(0, Math.min(255, base[1]! + noise()));
      raw[i + 2] = Math.max(0, Math.min(255, base[2]! + noise()));
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function serve(): Promise<void> {
  const config = loadConfig(process.env);
  const store = new Store(await openDatabase(process.env.DATABASE_URL!));
  const client = createHttpClient({ ...defaultHttpClientOptions(config), hostDelayMs: 0 });
  const app = await buildServer({
    store,
    log: silentLogger,
    config,
    images: { client, cacheDir: process.env.KIOSQUE_IMAGE_CACHE!, hostDelayMs: 0 },
  });
  app.get('/bench/fixed', async (_request, reply) => reply.type('text/html; charset=utf-8').send(FIXED_BODY));
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ port: (app.server.address() as AddressInfo).port });
}

async function startServer(env: Record<string, string>): Promise<{ base: string; child: ChildProcess }> {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    execArgv: [...launchFlags(), '--import', 'tsx'],
    env: { ...process.env, ...launchEnv(), ...env },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

async function get(url: string, accept?: string): Promise<{ ms: number; bytes: number; type: string }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: accept ? { accept } : {} });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return { ms: performance.now() - t0, bytes: body.length, type: res.headers.get('content-type') ?? '' };
}

async function cannon(url: string, accept?: string) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...(accept ? { headers: { accept } } : {}),
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-bench-images-'));
  const pictures = await Promise.all(Array.from({ length: PICTURES }, (_, n) => photo(n)));
  const publisher = createServer((req, res) => {
    const n = Number(/^\/photo-(\d+)\.jpg$/.exec(req.url ?? '')?.[1] ?? -1);
    const bytes = pictures[n];
    if (!bytes) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
  });
  await new Promise<void>((resolve) => publisher.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(publisher.address() as AddressInfo).port}`;

  const dbUrl = `sqlite:${join(dir, 'kiosque.db')}`;
  const store = new Store(await openDatabase(dbUrl));
  const ids: number[] = [];
  for (let n = 0; n < PICTURES; n++) {
    const url = `${origin}/photo-${n}.jpg`;
    await dbOf(store).insertInto('images').values({ url, first_seen_at: new Date().toISOString() }).execute();
    ids.push(
      Number(
        (await dbOf(store).selectFrom('images').select('id').where('url', '=', url).executeTakeFirstOrThrow())
          .id,
      ),
    );
  }
  await store.close();

  const { base, child } = await startServer({
    DATABASE_URL: dbUrl,
    KIOSQUE_ALLOW_HOSTS: '127.0.0.1',
    KIOSQUE_IMAGE_CACHE: join(dir, 'image-cache'),
    LOG_LEVEL: 'silent',
  });
  const peak = watchPeak(child);
  const rssAt: Record<string, number> = {};
  const rss = () => Math.round(memoryOf(child.pid!)?.rss ?? 0);
  const rows: Array<Array<string | number>> = [];
  try {
    await get(`${base}/bench/fixed`);
    rssAt.started = rss();

    // Originals, fetched from the publisher once.
    const originals: number[] = [];
    for (const id of ids) originals.push((await get(`${base}/img/${id}`)).bytes);
    rssAt.originals = rss();

    // Every copy, one at a time: what making one costs.
    const made: Record<string, { ms: number[]; bytes: number[] }> = {};
    for (const [accept, format] of [
      [CHROME_ACCEPT, 'AVIF'],
      [WEBP_ACCEPT, 'WebP'],
    ] as const) {
      for (const w of IMAGE_WIDTHS) {
        const key = `${format} ${w}`;
        made[key] = { ms: [], bytes: [] };
        for (const id of ids.slice(0, PICTURES / 2)) {
          const r = await get(`${base}/img/${id}?w=${w}`, accept);
          if (!r.type.includes(format.toLowerCase())) throw new Error(`${key}: got ${r.type}`);
          made[key]!.ms.push(r.ms);
          made[key]!.bytes.push(r.bytes);
        }
      }
    }
    rssAt.sequential = rss();

    // The other half, every width and both formats asked at once (a page of new pictures, many readers).
    const t0 = performance.now();
    await Promise.all(
      ids
        .slice(PICTURES / 2)
        .flatMap((id) =>
          IMAGE_WIDTHS.flatMap((w) => [
            get(`${base}/img/${id}?w=${w}`, CHROME_ACCEPT),
            get(`${base}/img/${id}?w=${w}`, WEBP_ACCEPT),
          ]),
        ),
    );
    const burstS = (performance.now() - t0) / 1000;
    const burstCopies = (PICTURES / 2) * IMAGE_WIDTHS.length * 2;
    rssAt.burst = rss();
    const burstPeak = Math.round(peak.peak());

    // From the cache, under load.
    const floor = await cannon(`${base}/bench/fixed`);
    const original = await cannon(`${base}/img/${ids[0]}`);
    const copy = await cannon(`${base}/img/${ids[0]}?w=640`, CHROME_ACCEPT);
    rssAt.loaded = rss();

    const medianOriginal = median(originals);
    rows.push(['original JPEG (1600 × 900, q85)', kb(medianOriginal), '1.00', '—', '—']);
    for (const [key, m] of Object.entries(made)) {
      rows.push([
        `copy ${key}`,
        kb(median(m.bytes)),
        (median(m.bytes) / medianOriginal).toFixed(3),
        Math.round(median(m.ms)),
        Math.round(p95(m.ms)),
      ]);
    }
    const loadRows = [
      ['fixed string (floor)', floor],
      ['original, from the cache', original],
      ['copy w=640 AVIF, from the cache', copy],
    ] as const;
    const loadTable = [
      '| served | req/s | p99 ms | ratio to floor | errors |',
      '|---|---|---|---|---|',
      ...loadRows.map(
        ([what, r]) =>
          `| ${what} | ${Math.round(r.rps)} | ${r.p99} | ${(r.rps / floor.rps).toFixed(2)} | ${r.errors} |`,
      ),
    ].join('\n');
    writeReport(
      'Images (`npm run bench:images`)',
      `The image proxy's resized copies (issue 17). The real server (\`buildServer\`) in a child process with \`npm start\`'s Node flags and environment; a loopback publisher serving ${PICTURES} distinct synthetic photo-like JPEGs (1600 × 900, gradients, edges and fine noise, quality 85: no real photographs ship with the project, and these are harder to encode than most press photos). Each copy below was asked once, one after the other, for ${PICTURES / 2} pictures (time is the whole request: cache lookup, decode, resize, encode, disk write). Then the other ${PICTURES / 2} pictures' ${burstCopies} copies (four widths × AVIF and WebP) were asked all at once: **${burstS.toFixed(1)} s** wall time (${((burstS * 1000) / burstCopies).toFixed(0)} ms a copy with two encoders).\n\nServer resident set (MB; the server runs from src/ through tsx, as bench:web's does, so the start includes the TypeScript loader: compare the steps): ${rssAt.started} at start, ${rssAt.originals} after the originals, ${rssAt.sequential} after the copies one at a time, ${rssAt.burst} after the burst (peak ${burstPeak}), ${rssAt.loaded} after the load runs.\n\nFrom the cache under load, ${CONNECTIONS} connections, ${DURATION_S} s each, same server, one after the other (the original's rate is bound by its ${kb(median(originals))} KB per answer, the copy's by the server):\n\n${loadTable}\n\nWhat a reader downloads, per picture (median bytes, and time to make the copy the first time):`,
      ['what', 'KB (median)', 'share of the original', 'made in, ms (median)', 'p95 ms'],
      rows,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    publisher.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') await serve();
else await main();
