// Article pages (article_pages): the pages of teaser articles, queued when a
// feed run stores the teaser and recorded when a worker has fetched them.
// Taking them (leases, origins) is in ../leases/pages.ts.
import type { Transaction } from 'kysely';
import { originOf } from '../../sources/index.ts';
import type { ErrorInfo } from '../../util/errors.ts';
import { chunks } from '../chunks.ts';
import { type DbHandle, KYSELY } from '../handle.ts';
import { type ArticleImage, linkArticleImages } from '../images/article-images.ts';
import { IndexWork, queueArticles } from '../index-queue/queue.ts';
import { type DuePage, releaseOriginIfIdle } from '../leases/index.ts';
import { retryDeadlock } from '../retry-deadlock.ts';
import type { Database } from '../schema.ts';

/** What fetching an article page gave: its text and images, or the error and when to try again. */
export type PageOutcome =
  | {
      ok: true;
      at: string;
      contentHtml: string;
      text: string;
      author: string | null;
      leadImageUrl: string | null;
      images: ArticleImage[];
      publishedAt: string | null;
      method: string;
    }
  | { ok: false; at: string; error: ErrorInfo; retryAt: string | null };

/** Queues (or queues again) the pages of teaser articles, to fetch as soon as their host allows. */
export async function queuePages(
  trx: Transaction<Database>,
  work: Array<{ articleId: number; url: string }>,
  at: string,
): Promise<void> {
  for (const part of chunks(work, 100)) {
    await trx
      .insertInto('article_pages')
      .values(
        part.map((w) => ({
          article_id: w.articleId,
          url: w.url,
          origin: originOf(w.url),
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.column('article_id').doUpdateSet({ status: 'pending', attempts: 0, next_attempt_at: at }),
      )
      .execute();
  }
}

/**
 * Records what fetching an article page gave, in one transaction: the full
 * text, author, lead image and images when it worked; the error and the
 * next attempt (or the end of attempts) when it did not. The origin is
 * released for the next request after its rest.
 */
export async function savePage(
  { [KYSELY]: db }: DbHandle,
  page: DuePage,
  worker: string,
  outcome: PageOutcome,
  hostDelayMs: number,
): Promise<void> {
  const at = outcome.at;
  await retryDeadlock(() =>
    db.transaction().execute(async (trx) => {
      if (outcome.ok) {
        // Its new text goes to the search index and, when it gave the lead
        // or the date, to story detection again: through the index queue.
        // Queued first: a batch indexing it holds its queue row, then its
        // article's; taken in the same order here, no deadlock.
        await queueArticles(trx, [
          {
            articleId: page.article_id,
            work:
              outcome.publishedAt && page.published_at_guessed ? IndexWork.redetectDate : IndexWork.redetect,
            queuedAt: at,
          },
        ]);
        await trx
          .updateTable('articles')
          .set({
            content_html: outcome.contentHtml,
            text: outcome.text,
            ...(outcome.author ? { author: outcome.author } : {}),
            ...(outcome.leadImageUrl ? { lead_image_url: outcome.leadImageUrl } : {}),
            ...(outcome.publishedAt && page.published_at_guessed
              ? { published_at: outcome.publishedAt, published_at_guessed: 0 }
              : {}),
            updated_at: at,
          })
          .where('id', '=', page.article_id)
          .execute();
        if (outcome.images.length) {
          await linkArticleImages(
            trx,
            [{ articleId: page.article_id, images: outcome.images, replace: true }],
            at,
          );
        }
      }
      await trx
        .updateTable('article_pages')
        .set({
          status: outcome.ok ? 'done' : outcome.retryAt ? 'pending' : 'failed',
          attempts: page.attempts + 1,
          next_attempt_at: outcome.ok || !outcome.retryAt ? at : outcome.retryAt,
          lease_owner: null,
          lease_until: null,
          last_error_kind: outcome.ok ? null : outcome.error.kind,
          last_error_message: outcome.ok ? null : outcome.error.message,
          method: outcome.ok ? outcome.method : null,
          fetched_at: at,
        })
        .where('article_id', '=', page.article_id)
        .execute();
      if (page.origin) {
        await releaseOriginIfIdle(
          trx,
          page.origin,
          worker,
          new Date(Date.parse(at) + hostDelayMs).toISOString(),
        );
      }
    }),
  );
}

/** The ids among `articleIds` whose page was fetched: their full text came from it. */
export async function pagesDone(trx: Transaction<Database>, articleIds: number[]): Promise<Set<number>> {
  const done = new Set<number>();
  for (const part of chunks(articleIds)) {
    const rows = await trx
      .selectFrom('article_pages')
      .select('article_id')
      .where('article_id', 'in', part)
      .where('status', '=', 'done')
      .execute();
    for (const r of rows) done.add(Number(r.article_id));
  }
  return done;
}
