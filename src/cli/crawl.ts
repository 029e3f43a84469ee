// `kiosque crawl --once [--source <slug>]`: poll every enabled feed now and
// print what happened. Exit 0 when the run completed, even with failed feeds.
import cliProgress from 'cli-progress';
import { teaserRuleOf } from '../config/index.ts';
import { type CrawlSummary, crawlOnce, newWorkerId } from '../ingest/index.ts';
import { KiosqueError } from '../util/errors.ts';
import { silentLogger } from '../util/log.ts';
import { parseFlags, positiveInt } from './args.ts';
import { openRuntime } from './runtime.ts';
import { sourceExists } from '../store/index.ts';

const USAGE = 'kiosque crawl --once [--source <slug>] [--concurrency <n>] [--json]';

export async function crawlCommand(argv: string[]): Promise<number> {
  const { flags } = parseFlags(
    argv,
    {
      once: { type: 'boolean' },
      source: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if (!flags.once) {
    throw new KiosqueError({
      kind: 'config',
      message: `crawl needs --once (the continuous crawler is \`kiosque worker\`)\nusage: ${USAGE}`,
    });
  }
  const rt = await openRuntime({ log: silentLogger });
  try {
    const source = typeof flags.source === 'string' ? flags.source : undefined;
    if (source && !(await sourceExists(rt.store, source))) {
      throw new KiosqueError({
        kind: 'config',
        message: `no source "${source}" in ${rt.config.sourcesFile}`,
      });
    }
    const concurrency = positiveInt(flags.concurrency, 'concurrency', rt.config.concurrency);
    const bar =
      process.stderr.isTTY && !flags.json
        ? new cliProgress.SingleBar(
            {
              format: 'crawling [{bar}] {value}/{total} feeds | {new} new | {source}',
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
    let newSoFar = 0;
    bar?.start(1, 0, { new: 0, source: '' });
    const summary = await crawlOnce(
      {
        store: rt.store,
        indexer: rt.indexer,
        client: rt.client,
        log: rt.log,
        workerId: newWorkerId('crawl'),
        hostDelayMs: rt.config.hostDelayMs,
        feedRequestsPerHour: rt.config.feedRequestsPerHour,
        teaser: teaserRuleOf(rt.config),
      },
      {
        concurrency,
        leaseMs: rt.config.leaseSeconds * 1000,
        ...(source ? { sourceSlug: source } : {}),
        onProgress(done, total, last) {
          newSoFar += last.newArticles;
          bar?.setTotal(total);
          bar?.update(done, { new: newSoFar, source: last.source });
        },
      },
    );
    bar?.stop();
    process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    return 0;
  } finally {
    await rt.close();
  }
}

export function formatSummary(s: CrawlSummary): string {
  const lines = [
    `Crawled ${s.feeds} feed${s.feeds === 1 ? '' : 's'} in ${(s.durationMs / 1000).toFixed(1)} s`,
    `  feeds ok:           ${s.ok}`,
    `  not modified:       ${s.notModified}`,
    `  failed:             ${s.failed.length}`,
  ];
  if (s.waiting.length) lines.push(`  waiting (publisher asked us to wait): ${s.waiting.length}`);
  lines.push(`  articles new:       ${s.newArticles}`, `  articles updated:   ${s.updatedArticles}`);
  lines.push(`  article pages:      ${s.pages.fetched} fetched, ${s.pages.failed.length} failed`);
  if (s.failed.length) {
    lines.push('', 'Failed feeds:');
    for (const f of s.failed) lines.push(`  ${f.source}  ${f.url}\n    ${f.error.kind}: ${f.error.message}`);
  }
  if (s.waiting.length) {
    lines.push('', 'Not polled, the publisher asked us to wait:');
    for (const w of s.waiting) lines.push(`  ${w.source}  ${w.url}  until ${w.until}`);
  }
  if (s.pages.failed.length) {
    lines.push('', 'Article pages not fetched (the feed text stays):');
    for (const f of s.pages.failed)
      lines.push(`  ${f.source}  ${f.url}\n    ${f.error.kind}: ${f.error.message}`);
  }
  if (s.busy.length) {
    lines.push('', 'Not polled, another worker held them all along:');
    for (const b of s.busy) lines.push(`  ${b.source}  ${b.url}`);
  }
  if (s.discovered.length) {
    lines.push('', 'Feeds found from the homepage (the configured URL was wrong):');
    for (const d of s.discovered) lines.push(`  ${d.source}  ${d.url}`);
  }
  return `${lines.join('\n')}\n`;
}
