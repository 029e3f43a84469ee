// The index queue, on SQLite and PostgreSQL: a feed's commit queues its
// articles for the story and search indexes, which take them in batches of
// their own. Nothing queued is lost when the process stops before indexing,
// and one article that always fails does not hold back the others.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { Indexer } from '../../src/ingest/index.ts';
import { indexText, parseQuery } from '../../src/search/index.ts';
import { storyTerms } from '../../src/stories/index.ts';
import {
  indexQueueSize,
  openDatabase,
  saveFeedRun,
  searchArticles,
  Store,
  dbOf,
  withdrawArticles,
} from '../../src/store/index.ts';
import { CORPUS, type CorpusArticle, candidate, feedRun, loadCorpus } from '../search/corpus.ts';
import { workCounts } from '../../src/util/work-counts.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';

const article = (name: string, title: string, text: string): CorpusArticle => ({
  ...(CORPUS[0] as CorpusArticle),
  name,
  title,
  text,
  publishedAt: new Date(Date.UTC(2026, 10, 28, 9)).toISOString(),
});

/** Asks for a background drain and waits for it to end. */
async function drainInBackground(indexer: Indexer): Promise<void> {
  indexer.soon();
  for (let i = 0; i < 500 && !indexer.idle; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(indexer.idle, 'the background drain ended');
}

/** A candidate with its words, as the crawler's worker thread hands them over (src/ingest/prepare.ts). */
const withWords = (c: ReturnType<typeof candidate>) => ({
  ...c,
  words: { search: indexText(c), story: storyTerms(c) },
});

async function found(store: Store, words: string): Promise<number[]> {
  const r = await searchArticles(store, {
    query: parseQuery(words),
    sort: 'date',
    limit: 10,
  });
  return r.ids;
}

for (const backend of BACKENDS) {
  describe(`index queue on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    const made: TestDatabase[] = [];
    after(async () => {
      for (const d of made) await d.drop();
    });

    /** A fresh database with the corpus's sources, its store and indexer, both closed after `use`. */
    async function withIndexer(
      use: (s: {
        store: Store;
        indexer: Indexer;
        alpha: { sourceId: number; feedId: number };
      }) => Promise<void>,
    ): Promise<void> {
      const database = await backend.create();
      made.push(database);
      const store = new Store(await openDatabase(database.url));
      const indexer = new Indexer(store);
      try {
        const { sources } = await loadCorpus(store, []);
        await use({ store, indexer, alpha: sources.get('alpha')! });
      } finally {
        await indexer.stop();
        await store.close();
      }
    }

    test('articles stored by a process that stopped before indexing them are indexed by the next', async () => {
      const database = await backend.create();
      made.push(database);
      const first = new Store(await openDatabase(database.url));
      const firstIndexer = new Indexer(first);
      const { sources } = await loadCorpus(first, []);
      const alpha = sources.get('alpha')!;
      const saved = await saveFeedRun(
        first,
        alpha.sourceId,
        feedRun(alpha.feedId),
        [
          candidate(
            article('quake-1', 'Séisme de magnitude 6,8 près de Taroudant', 'Les secours à Taroudant.'),
            1,
          ),
          candidate(article('quake-2', 'Taroudant : les secours après le séisme', 'Magnitude 6,8.'), 2),
        ],
        new Date().toISOString(),
        firstIndexer.queued,
      );
      assert.equal(saved.newArticles, 2);
      // Stopped at once: its background indexing never starts.
      await firstIndexer.stop();
      await first.close();

      const next = new Store(await openDatabase(database.url));
      const indexer = new Indexer(next);
      try {
        assert.deepEqual(await indexQueueSize(next), { queued: 2, failed: 0 });
        assert.deepEqual(await found(next, 'taroudant'), [], 'not searchable before indexing');
        assert.equal(await indexer.flush(), 2);
        assert.deepEqual(await indexQueueSize(next), { queued: 0, failed: 0 });
        assert.deepEqual((await found(next, 'taroudant')).sort(), [...saved.newIds].sort());
        const signatures = await dbOf(next).selectFrom('story_signatures').select('article_id').execute();
        assert.equal(signatures.length, 2, 'both are in the story index');
        // Indexing again finds nothing to do, and detects nothing twice.
        assert.equal(await indexer.flush(), 0);
      } finally {
        await indexer.stop();
        await next.close();
      }
    });

    // Two processes share a database on PostgreSQL only (one process on SQLite): not a test of SQLite's.
    if (backend.name === 'postgres')
      test('two processes: each indexes in the background what it queued, with its words; the other’s only once left behind', async () => {
        const database = await backend.create();
        made.push(database);
        const one = new Store(await openDatabase(database.url));
        const two = new Store(await openDatabase(database.url));
        const oneIndexer = new Indexer(one);
        const twoIndexer = new Indexer(two);
        try {
          const { sources } = await loadCorpus(one, []);
          const alpha = sources.get('alpha')!;
          const save = (store: Store, indexer: Indexer, name: string, title: string) =>
            saveFeedRun(
              store,
              alpha.sourceId,
              feedRun(alpha.feedId),
              [withWords(candidate(article(name, title, 'Les secours sur place.'), Number(name.slice(-1))))],
              new Date().toISOString(),
              indexer.queued,
            );
          const without = workCounts.indexedWithoutWords;
          // Both store at once; each one's drain takes its own article, not the other's.
          await Promise.all([
            save(one, oneIndexer, 'wind-1', 'Tempête sur Essaouira'),
            save(two, twoIndexer, 'wind-2', 'Essaouira après la tempête'),
          ]);
          for (let i = 0; i < 200 && (await indexQueueSize(one)).queued; i++)
            await new Promise((resolve) => setTimeout(resolve, 20));
          assert.equal((await found(one, 'essaouira')).length, 2);
          assert.equal(
            workCounts.indexedWithoutWords - without,
            0,
            'each indexed with the words it computed',
          );

          // One stops with an article queued: the other's background drain
          // leaves it (one might still come back to it)...
          await oneIndexer.stop();
          const left = await save(one, oneIndexer, 'wind-3', 'Essaouira : le port rouvre');
          await drainInBackground(twoIndexer);
          assert.deepEqual(await indexQueueSize(two), { queued: 1, failed: 0 }, 'left to its process');
          // ...until it has waited long enough to be left behind.
          await dbOf(two)
            .updateTable('index_queue')
            .set({ queued_at: new Date(Date.now() - 5 * 60_000).toISOString() })
            .execute();
          await drainInBackground(twoIndexer);
          assert.deepEqual(await indexQueueSize(two), { queued: 0, failed: 0 });
          assert.ok((await found(two, 'port')).includes(left.newIds[0]!));
        } finally {
          await Promise.all([oneIndexer.stop(), twoIndexer.stop()]);
          await one.close();
          await two.close();
        }
      });

    test('a feed run is indexed in the background soon after its commit; a stopped indexer takes nothing', async () => {
      await withIndexer(async ({ store, indexer, alpha }) => {
        const saved = await saveFeedRun(
          store,
          alpha.sourceId,
          feedRun(alpha.feedId),
          [candidate(article('flood', 'Crue de l’oued Ziz à Errachidia', 'Les routes coupées.'), 1)],
          new Date().toISOString(),
          indexer.queued,
        );
        assert.deepEqual(await indexQueueSize(store), { queued: 1, failed: 0 }, 'queued in the commit');
        for (let i = 0; i < 100 && (await indexQueueSize(store)).queued; i++)
          await new Promise((resolve) => setTimeout(resolve, 20));
        assert.deepEqual(await found(store, 'errachidia'), saved.newIds);

        await indexer.stop();
        await saveFeedRun(
          store,
          alpha.sourceId,
          feedRun(alpha.feedId),
          [candidate(article('flood-2', 'Errachidia : la crue recule', 'Les routes rouvertes.'), 2)],
          new Date().toISOString(),
          indexer.queued,
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.deepEqual(await indexQueueSize(store), { queued: 1, failed: 0 }, 'left for the next process');
      });
    });

    test('an article that always fails is set aside with its error; the others are indexed', async () => {
      await withIndexer(async ({ store, indexer, alpha }) => {
        // A real failure inside the indexing transaction, for one article only.
        if (store.dialect === 'sqlite') {
          await sql`create trigger poison before insert on story_signatures
              when (select title from articles where id = new.article_id) like '%POISON%'
              begin select raise(abort, 'poisoned by the test'); end`.execute(dbOf(store));
        } else {
          await sql`create function poison() returns trigger language plpgsql as $$
              begin
                if (select title from articles where id = new.article_id) like '%POISON%' then
                  raise exception 'poisoned by the test';
                end if;
                return new;
              end $$`.execute(dbOf(store));
          await sql`create trigger poison before insert on story_signatures
              for each row execute function poison()`.execute(dbOf(store));
        }
        const saved = await saveFeedRun(
          store,
          alpha.sourceId,
          feedRun(alpha.feedId),
          [
            candidate(article('good-1', 'Le barrage de Ouarzazate est plein', 'Les pluies de novembre.'), 1),
            candidate(article('bad', 'POISON barrage Ouarzazate', 'Un article qui casse.'), 2),
            candidate(article('good-2', 'Ouarzazate : le barrage déborde', 'Les pluies encore.'), 3),
          ],
          new Date().toISOString(),
          indexer.queued,
        );
        assert.equal(saved.newArticles, 3);
        // The batch fails; article by article, two go through.
        assert.equal(await indexer.flush(), 2);
        const bad = await dbOf(store).selectFrom('index_queue').selectAll().executeTakeFirstOrThrow();
        assert.equal(bad.attempts, 1);
        assert.match(bad.last_error ?? '', /poisoned by the test/);
        // Alone it fails twice more, then waits for an operator; the queue is not retried for ever.
        await assert.rejects(indexer.flush(), /poisoned by the test/);
        await assert.rejects(indexer.flush(), /poisoned by the test/);
        assert.equal(await indexer.flush(), 0);
        assert.deepEqual(await indexQueueSize(store), { queued: 1, failed: 1 });
        const ids = await found(store, 'ouarzazate');
        assert.equal(ids.length, 2);
        assert.ok(!ids.includes(bad.article_id), 'the failing article is not half-indexed');
      });
    });

    test('the crawler’s words index an article without reading it back; one withdrawn meanwhile is left out', async () => {
      await withIndexer(async ({ store, indexer, alpha }) => {
        const saved = await saveFeedRun(
          store,
          alpha.sourceId,
          feedRun(alpha.feedId),
          [
            withWords(candidate(article('port-1', 'Tanger Med bat son record de conteneurs', 'Le port.'), 1)),
            withWords(candidate(article('port-2', 'Tanger Med : un record retiré', 'Retiré.'), 2)),
          ],
          new Date().toISOString(),
          indexer.queued,
        );
        // Stopped at once: nothing is indexed in the background before the withdrawal.
        await indexer.stop();
        const [kept, gone] = saved.newIds as [number, number];
        await dbOf(store)
          .transaction()
          .execute((trx) =>
            withdrawArticles(
              trx,
              store.dialect,
              { articleId: gone },
              { id: 1, reason: 'test' },
              new Date().toISOString(),
            ),
          );
        // Stopped, the indexer still holds their words and a flush still takes the queue.
        assert.equal(
          await indexer.flush(),
          2,
          'both taken off the queue, the withdrawn one without a failure',
        );
        assert.deepEqual(await found(store, 'tanger'), [kept]);
        assert.deepEqual(await indexQueueSize(store), { queued: 0, failed: 0 });
      });
    });
  });
}
