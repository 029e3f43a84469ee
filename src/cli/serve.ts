// `kiosque start` (site/API plus crawler, the default of `npm start`),
// `kiosque worker` (crawler only) and `kiosque web` (site/API only).
import { type Config, teaserRuleOf } from '../config/index.ts';
import { CrawlerLoop, newWorkerId, websubCallbackBase } from '../ingest/index.ts';
import { loadSiteConfig } from '../web/site-config.ts';
import { KiosqueError } from '../util/errors.ts';
import { buildServer } from '../web/index.ts';
import { parseFlags, positiveInt } from './args.ts';
import { openRuntime } from './runtime.ts';

export async function serveCommand(role: 'start' | 'worker' | 'web', argv: string[]): Promise<number> {
  const { flags } = parseFlags(
    argv,
    { concurrency: { type: 'string' } },
    `kiosque ${role} [--concurrency <n>]`,
  );
  const rt = await openRuntime();
  const { log, store, config } = rt;
  // The site listens first: a port already taken stops the command before
  // any crawl starts, with one sentence instead of a stack trace.
  let loop: CrawlerLoop | null = null;
  // A push received here wakes this process's crawler (another's finds it within its idle time).
  const app =
    role !== 'worker' ? await buildServer({ store, log, config, onPush: () => loop?.nudge() }) : null;
  let address = '';
  if (app) {
    try {
      address = await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      await app.close().catch(() => {});
      await rt.close();
      throw listenError(err, config.port, config.host);
    }
  }
  if (role !== 'web') {
    const concurrency = positiveInt(flags.concurrency, 'concurrency', config.concurrency);
    loop = new CrawlerLoop(
      {
        store,
        indexer: rt.indexer,
        client: rt.client,
        log,
        workerId: newWorkerId(role),
        hostDelayMs: config.hostDelayMs,
        feedRequestsPerHour: config.feedRequestsPerHour,
        teaser: teaserRuleOf(config),
        websub: websubOf(config),
      },
      {
        concurrency,
        leaseMs: config.leaseSeconds * 1000,
        idleMs: config.workerIdleMs,
        storyIndexDays: config.storyIndexDays,
      },
    );
    loop.start();
    log.info({ concurrency, sources: rt.sources.length }, 'crawler started');
  }
  if (app) {
    log.info({ address }, 'web server listening');
    process.stderr.write(`Kiosque ${role === 'start' ? 'running' : role} on ${address}\n`);
  }

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await app?.close();
  await loop?.stop();
  await rt.close();
  return 0;
}

/** WebSub's callback for the crawler: the site file's address, else KIOSQUE_BASE_URL. */
function websubOf(config: Config): { callbackBase: string } | null {
  let baseUrl = config.baseUrl;
  try {
    baseUrl = loadSiteConfig(config).baseUrl;
  } catch {
    // A broken site file is the web server's error to report; the crawler keeps going.
  }
  const callbackBase = websubCallbackBase(baseUrl, config.websub);
  return callbackBase ? { callbackBase } : null;
}

/** Why the site could not listen, in one sentence with what to do (exit 2: the configuration). */
function listenError(err: unknown, port: number, host: string): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  const where = `port ${port} on ${host}`;
  const message =
    code === 'EADDRINUSE'
      ? `${where} is already in use (another Kiosque, or another program): stop it, or set PORT to a free port`
      : code === 'EACCES'
        ? `not allowed to listen on ${where} (ports below 1024 need privileges): set PORT to 1024 or above`
        : code === 'EADDRNOTAVAIL'
          ? `cannot listen on ${host}: it is not an address of this machine; set HOST (0.0.0.0 for all)`
          : null;
  return message ? new KiosqueError({ kind: 'config', message }, { cause: err }) : (err as Error);
}
