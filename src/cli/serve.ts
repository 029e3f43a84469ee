// `kiosque start` (site/API plus crawler, the default of `npm start`),
// `kiosque worker` (crawler only) and `kiosque web` (site/API only).
import { teaserRuleOf } from '../config/index.ts';
import { CrawlerLoop, newWorkerId } from '../ingest/index.ts';
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
  let loop: CrawlerLoop | null = null;
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
        teaser: teaserRuleOf(config),
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
  const app = role !== 'worker' ? await buildServer({ store, log, config }) : null;
  if (app) {
    const address = await app.listen({ port: config.port, host: config.host });
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
