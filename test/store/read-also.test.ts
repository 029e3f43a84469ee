// "Lire aussi" as read by the article page (readAlso): the kept list is read
// in order, only as far as the page needs, and the rows the story and
// takedown rules remove are replaced by the next kept ones; the article's
// story and kept list are the ones the caller read (the page, with the
// article), or read here when not given.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { dbOf, openDatabase, readAlso, Store, siteArticle } from '../../src/store/index.ts';
import { BACKENDS, type TestDatabase } from './backends.ts';

for (const backend of BACKENDS) {
  describe(`readAlso on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    const made: TestDatabase[] = [];
    after(async () => {
      for (const d of made) await d.drop();
    });

    test('reads the kept list in order, past removed articles and the story’s own', async () => {
      const database = await backend.create();
      made.push(database);
      const store = new Store(await openDatabase(database.url));
      try {
        const db = dbOf(store);
        const now = new Date().toISOString();
        await sql`insert into sources (id, slug, name, homepage, language, timezone, mode, enabled, settings_json, created_at, updated_at)
          values (1, 'alpha', 'Alpha', 'https://alpha.example/', 'fr', 'UTC', 'full', 1, '{}', ${now}, ${now})`.execute(
          db,
        );
        for (let i = 1; i <= 9; i++) {
          await sql`insert into articles (id, source_id, identity, title, language, content_hash,
              published_at, published_at_guessed, fetched_at, updated_at, story_id)
            values (${i}, 1, ${`guid:${i}`}, ${`Titre ${i}`}, 'fr', ${`h${i}`},
              ${`2026-11-0${i}T08:00:00.000Z`}, 0, ${now}, ${now}, ${i === 1 || i === 3 ? 77 : null})`.execute(
            db,
          );
        }
        // Kept for article 1: 3 shares its story, 20 is gone (taken down), the rest stand.
        await db
          .insertInto('article_read_also')
          .values({ article_id: 1, ids: '1|3,20,2,4,5,6,7,8', computed_at: now })
          .execute();
        const article = { id: 1, sourceId: 1 };
        const ids = async (limit: number, storyId?: number | null) =>
          (await readAlso(store, storyId === undefined ? article : { ...article, storyId }, limit, [1])).map(
            (a) => a.id,
          );
        assert.deepEqual(await ids(3), [2, 4, 5], 'the story’s own and the gone one replaced by the next');
        assert.deepEqual(await ids(3, 77), [2, 4, 5], 'the same with the story given');
        assert.deepEqual(await ids(3, null), [3, 2, 4], 'the story as the caller read it');
        assert.deepEqual(await ids(20), [2, 4, 5, 6, 7, 8], 'never more than kept');
        const [first] = await readAlso(store, article, 1, [1]);
        assert.deepEqual(first, {
          id: 2,
          sourceId: 1,
          title: 'Titre 2',
          publishedAt: '2026-11-02T08:00:00.000Z',
          storyId: null,
        });
        assert.deepEqual(
          await readAlso(store, { id: 42, sourceId: 1 }, 3, [1]),
          [],
          'no list for a gone article',
        );
        // The page reads the kept list with the article (siteArticle) and hands both over.
        const page = await siteArticle(store, 1);
        assert.deepEqual(page?.keptReadAlso, { ids: '1|3,20,2,4,5,6,7,8', computedAt: now });
        assert.deepEqual(
          (await readAlso(store, page!, 3, [1])).map((a) => a.id),
          [2, 4, 5],
        );
        const given = { ...article, storyId: null, keptReadAlso: { ids: '1|4,2', computedAt: now } };
        assert.deepEqual(
          (await readAlso(store, given, 3, [1])).map((a) => a.id),
          [4, 2],
          'the kept list given is the one read',
        );
        assert.equal((await siteArticle(store, 2))?.keptReadAlso, null, 'none kept');
      } finally {
        await store.close();
      }
    });
  });
}
