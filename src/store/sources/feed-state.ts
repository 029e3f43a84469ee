// A feed run's record: the feed's new state (schedule, validators, errors),
// its lease and origin given back, and one fetch_log row. Written inside the
// run's transaction, beside its articles, so both commit or neither.
import type { Transaction } from 'kysely';
import type { ErrorInfo } from '../../util/errors.ts';
import { releaseOriginIfIdle } from '../leases/origins.ts';
import { originOf } from '../../sources/index.ts';
import type { Database } from '../schema.ts';

/** What one poll of a feed changed in the feed's own state. */
export interface FeedRunRecord {
  feedId: number;
  worker: string | null;
  /** The origin the worker claimed for this run; released when it has no other feed there. */
  origin: string | null;
  /** The host's rest after this run before another worker may claim it. */
  hostDelayMs: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  outcome: 'ok' | 'not_modified' | 'error';
  httpStatus: number | null;
  error: ErrorInfo | null;
  bytes: number | null;
  entries: number | null;
  etag: string | null;
  lastModified: string | null;
  /** Set when discovery or a permanent redirect found the feed somewhere else. */
  effectiveUrl?: string | null;
  discovered?: boolean;
  status: string;
  nextFetchAt: string;
  intervalS: number;
  retryAfterUntil: string | null;
  consecutiveErrors: number;
  failingSince: string | null;
  /** A WebSub push this run is done with (read, or not a feed): deleted with the run's commit. */
  pushId?: number;
  /** 'push': the run read a push instead of asking the publisher. */
  via?: 'push';
  /** The entries' prints (src/ingest/plan.ts), written when the run's entries were stored. */
  entryPrints?: string;
}

export async function writeFeedState(
  trx: Transaction<Database>,
  run: FeedRunRecord,
  saved: { newArticles: number; updatedArticles: number },
): Promise<void> {
  const failed = run.outcome === 'error';
  await trx
    .updateTable('feeds')
    .set({
      status: run.status,
      etag: run.etag,
      last_modified: run.lastModified,
      next_fetch_at: run.nextFetchAt,
      interval_s: run.intervalS,
      retry_after_until: run.retryAfterUntil,
      consecutive_errors: run.consecutiveErrors,
      failing_since: run.failingSince,
      last_fetched_at: run.finishedAt,
      last_status: run.httpStatus,
      ...(failed
        ? {
            last_error_kind: run.error?.kind ?? 'internal',
            last_error_message: run.error?.message ?? 'unknown error',
            last_error_at: run.finishedAt,
          }
        : {
            last_success_at: run.finishedAt,
            last_error_kind: null,
            last_error_message: null,
            last_error_at: null,
          }),
      ...(run.effectiveUrl !== undefined
        ? {
            effective_url: run.effectiveUrl,
            ...(run.effectiveUrl ? { origin: originOf(run.effectiveUrl) } : {}),
          }
        : {}),
      ...(run.discovered ? { discovered_at: run.finishedAt } : {}),
      ...(run.entryPrints !== undefined ? { entry_prints: run.entryPrints } : {}),
      lease_owner: null,
      lease_until: null,
    })
    .where('id', '=', run.feedId)
    .execute();
  if (run.origin && run.worker) {
    const freeAt = new Date(Date.parse(run.finishedAt) + run.hostDelayMs).toISOString();
    await releaseOriginIfIdle(trx, run.origin, run.worker, freeAt);
  }
  await trx
    .insertInto('fetch_log')
    .values({
      feed_id: run.feedId,
      started_at: run.startedAt,
      duration_ms: Math.round(run.durationMs),
      outcome: run.outcome,
      http_status: run.httpStatus,
      error_kind: run.error?.kind ?? null,
      error_message: run.error?.message ?? null,
      bytes: run.bytes,
      entries: run.entries,
      new_articles: saved.newArticles,
      updated_articles: saved.updatedArticles,
      worker: run.worker,
      via: run.via ?? null,
    })
    .execute();
  // Stored with the articles it brought, or kept for the next run.
  if (run.pushId !== undefined) await trx.deleteFrom('websub_pushes').where('id', '=', run.pushId).execute();
}
