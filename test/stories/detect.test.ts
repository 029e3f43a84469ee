// Story detection through the real store, on SQLite and PostgreSQL: articles
// of several sources about one event share a story, other events and
// articles outside the window stay apart, removals recount, and on
// PostgreSQL two stores writing two articles of one event at the same
// moment still put them in one story.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Indexer } from '../../src/ingest/index.ts';
import {
  type ArticleCandidate,
  articlesOfStory,
  DEFAULT_STORY_INDEX_DAYS,
  getStory,
  leaseDueFeeds,
  openDatabase,
  pruneStoryIndexOlderThan,
  releaseLease,
  saveFeedRun,
  Store,
  syncSources,
  takeDownArticle,
  topStories,
  dbOf,
} from '../../src/store/index.ts';
import { BACKENDS, type TestDatabase } from '../store/backends.ts';
import { feedRun as run, testArticle, testSource } from '../store/feed-run.ts';

let serial = 0;
const candidate = (title: string, summary: string, publishedAt: string): ArticleCandidate => {
  const n = ++serial;
  return testArticle(String(n), { canonicalUrl: `https://x.example/${n}`, title, summary, publishedAt });
};

/** Syncs these sources and returns each one's feed and source ids (leased once, released at once). */
async function feedsOf(
  store: Store,
  slugs: string[],
): Promise<Map<string, { feedId: number; sourceId: number }>> {
  await syncSources(
    store,
    slugs.map((slug) => testSource(slug)),
  );
  const feeds = new Map<string, { feedId: number; sourceId: number }>();
  for (const f of await leaseDueFeeds(store, { worker: 'w', limit: 10, now: new Date(), leaseMs: 60_000 })) {
    feeds.set(f.source_slug, { feedId: f.id, sourceId: f.source_id });
    await releaseLease(store, f.id, 'w');
  }
  return feeds;
}

const QUAKE = [
  [
    "Séisme de magnitude 6,8 dans la province d'Al Haouz",
    "Un violent tremblement de terre a frappé vendredi soir la province d'Al Haouz, au sud de Marrakech, faisant plus de 2.000 morts selon un bilan provisoire.",
  ],
  [
    'Tremblement de terre au Maroc : plus de 2.000 morts',
    "Le bilan du séisme qui a secoué la région de Marrakech et d'Al Haouz dans la nuit de vendredi à samedi dépasse les 2.000 victimes, d'après les autorités.",
  ],
  [
    'Al Haouz : les secours à la recherche de survivants après le séisme',
    "Les équipes de la protection civile fouillent les décombres des villages de montagne d'Al Haouz, au lendemain du tremblement de terre de magnitude 6,8.",
  ],
] as const;
const DERBY = [
  'Botola : le Raja domine le Wydad 2-1 dans le derby',
  "Le Raja de Casablanca s'est imposé 2-1 face au Wydad au complexe Mohammed V grâce à un doublé de son attaquant.",
] as const;

const T0 = Date.UTC(2026, 8, 8, 22, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

for (const backend of BACKENDS) {
  describe(`story detection on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    let store: Store;
    let indexer: Indexer;
    let database: TestDatabase;
    let feeds: Map<string, { feedId: number; sourceId: number }>;

    before(async () => {
      database = await backend.create();
      store = new Store(await openDatabase(database.url));
      indexer = new Indexer(store);
      feeds = await feedsOf(store, ['le-matin', 'hespress', 'le360', 'medias24']);
    });
    after(async () => {
      await indexer.stop();
      await store.close();
      await database.drop();
    });

    async function save(slug: string, items: ArticleCandidate[]): Promise<number[]> {
      const f = feeds.get(slug)!;
      const res = await saveFeedRun(
        store,
        f.sourceId,
        run(f.feedId),
        items,
        new Date().toISOString(),
        indexer.queued,
      );
      await indexer.flush();
      return res.newIds;
    }
    async function storyOf(id: number): Promise<number | null> {
      const r = await dbOf(store)
        .selectFrom('articles')
        .select('story_id')
        .where('id', '=', id)
        .executeTakeFirst();
      return r?.story_id ?? null;
    }

    test('two sources telling one event share a story; another event stays alone', async () => {
      const [a] = await save('le-matin', [candidate(QUAKE[0][0], QUAKE[0][1], at(0))]);
      assert.equal(await storyOf(a!), null, 'alone until another covers it');
      const [derby, b] = await save('hespress', [
        candidate(DERBY[0], DERBY[1], at(5)),
        candidate(QUAKE[1][0], QUAKE[1][1], at(20)),
      ]);
      const storyId = await storyOf(b!);
      assert.ok(storyId !== null);
      assert.equal(await storyOf(a!), storyId);
      assert.equal(await storyOf(derby!), null);

      const story = await getStory(store, storyId);
      assert.ok(story);
      assert.equal(story.title, QUAKE[0][0]);
      assert.equal(story.firstSource.slug, 'le-matin');
      assert.equal(story.articleCount, 2);
      assert.equal(story.sourceCount, 2);
      assert.deepEqual(
        story.articles.map((x) => x.id),
        [a, b],
      );
    });

    test('a third source joins the story; coverage lists all, oldest first', async () => {
      const [c] = await save('le360', [candidate(QUAKE[2][0], QUAKE[2][1], at(-30))]);
      const storyId = await storyOf(c!);
      assert.ok(storyId !== null);
      const story = await getStory(store, storyId);
      assert.equal(story?.articleCount, 3);
      assert.equal(story?.sourceCount, 3);
      assert.equal(story?.firstSource.slug, 'le360', 'published earlier, so first');
      const coverage = await articlesOfStory(store, storyId);
      assert.deepEqual(
        coverage.map((x) => x.source),
        ['le360', 'le-matin', 'hespress'],
      );
      const top = await topStories(store, at(-24 * 60), 5);
      assert.equal(top[0]?.id, storyId);
      assert.equal(top[0]?.sourceCount, 3);
    });

    test('a second article of a source in the story adds an article, not a source; counts match a recount', async () => {
      const [d] = await save('le-matin', [candidate(QUAKE[1][0], `${QUAKE[1][1]} Nouveau bilan.`, at(40))]);
      const storyId = await storyOf(d!);
      assert.ok(storyId !== null);
      const story = await getStory(store, storyId);
      assert.equal(story?.articleCount, 4);
      assert.equal(story?.sourceCount, 3);
      assert.equal(story?.firstSource.slug, 'le360');
      assert.equal(story?.lastPublishedAt, at(40));
      const recount = await dbOf(store)
        .selectFrom('articles')
        .select((eb) => [
          eb.fn.countAll<number>().as('articles'),
          eb.fn.count<number>('source_id').distinct().as('sources'),
        ])
        .where('story_id', '=', storyId)
        .executeTakeFirstOrThrow();
      assert.deepEqual([Number(recount.articles), Number(recount.sources)], [4, 3]);
    });

    test('the same words outside the window start apart', async () => {
      const [late] = await save('medias24', [candidate(QUAKE[1][0], QUAKE[1][1], at(5 * 24 * 60))]);
      assert.equal(await storyOf(late!), null);
    });

    test('removing articles recounts the story and dissolves a story of one', async () => {
      const [x] = await save('medias24', [
        candidate(DERBY[0], `${DERBY[1]} Le derby de Casablanca.`, at(30)),
      ]);
      const storyId = await storyOf(x!);
      assert.ok(storyId !== null, 'joins the derby of hespress');
      assert.ok(await takeDownArticle(store, x!, 'test', { id: null, name: 'test' }));
      assert.equal(await getStory(store, storyId), null);
      const derby = await dbOf(store)
        .selectFrom('articles')
        .select(['id', 'story_id'])
        .where('title', '=', DERBY[0])
        .execute();
      assert.deepEqual(
        derby.map((d) => d.story_id),
        [null],
      );
    });

    test('a story does not drift: an article like its last member but nothing like its first stays out', async () => {
      // The quake, then its consequence for the exams (like the quake), then
      // the exams alone (like the consequence, nothing like the quake).
      const day = 10 * 24 * 60;
      const [quake] = await save('le-matin', [
        candidate(
          "Séisme de magnitude 6,8 dans la province d'Al Haouz",
          "Un violent tremblement de terre a frappé vendredi soir la province d'Al Haouz, au sud de Marrakech, faisant plus de 2.000 morts selon un bilan provisoire.",
          at(day),
        ),
      ]);
      const [exams] = await save('hespress', [
        candidate(
          "Après le séisme d'Al Haouz, le baccalauréat reporté dans 530 écoles",
          'Le tremblement de terre de magnitude 6,8 qui a frappé Al Haouz vendredi oblige le ministre Chakib Benmoussa à reporter les examens du baccalauréat dans 530 écoles de la région de Marrakech.',
          at(day + 30),
        ),
      ]);
      const storyId = await storyOf(exams!);
      assert.ok(storyId !== null);
      assert.equal(await storyOf(quake!), storyId);
      const [examsOnly] = await save('le360', [
        candidate(
          'Baccalauréat : Chakib Benmoussa reporte les examens dans 530 écoles',
          "Le ministre de l'Éducation Chakib Benmoussa a annoncé le report des examens du baccalauréat dans 530 écoles, dont les élèves passeront les épreuves en juillet.",
          at(day + 60),
        ),
      ]);
      assert.equal(await storyOf(examsOnly!), null);
    });

    test('pruning drops the old articles from the story index, not from their stories', async () => {
      const quake = await storyOf(
        (
          await dbOf(store)
            .selectFrom('articles')
            .select('id')
            .where('title', '=', QUAKE[0][0])
            .executeTakeFirstOrThrow()
        ).id,
      );
      assert.ok(quake !== null);
      const before = await getStory(store, quake);
      // 31 days after T0: what was published before T0 + 1 day leaves; the late article (T0 + 5 days) stays.
      const pruned = await pruneStoryIndexOlderThan(
        store,
        new Date(T0 + 31 * 86_400_000),
        DEFAULT_STORY_INDEX_DAYS,
      );
      assert.ok(pruned >= 5, `pruned ${pruned}`);
      const left = await dbOf(store).selectFrom('story_signatures').select('published_at').execute();
      assert.ok(left.length >= 1);
      assert.ok(
        left.every((r) => r.published_at >= at(24 * 60)),
        JSON.stringify(left),
      );
      const bands = await dbOf(store)
        .selectFrom('story_bands')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('published_at', '<', at(24 * 60))
        .executeTakeFirstOrThrow();
      assert.equal(Number(bands.n), 0);
      assert.deepEqual(await getStory(store, quake), before);
      // story_terms counts the articles still in the index, nothing more.
      const kept = new Map<string, number>();
      for (const sig of await dbOf(store).selectFrom('story_signatures').select('terms').execute())
        for (const t of sig.terms.split(' ')) kept.set(t, (kept.get(t) ?? 0) + 1);
      const counted = await dbOf(store).selectFrom('story_terms').select(['term', 'articles']).execute();
      assert.deepEqual(new Map(counted.map((r) => [r.term, Number(r.articles)])), kept);
      assert.equal(
        await pruneStoryIndexOlderThan(store, new Date(T0 + 31 * 86_400_000), DEFAULT_STORY_INDEX_DAYS),
        0,
        'nothing left to prune',
      );
    });
  });
}

const pg = BACKENDS.find((b) => b.name === 'postgres')!;
describe('story detection with two concurrent stores on postgres', { skip: pg.skip ?? false }, () => {
  test('two workers storing two articles of one event at once put them in one story', async () => {
    const database = await pg.create();
    // Batches of one article: each store indexes its own article while the other does.
    const one = new Store(await openDatabase(database.url));
    const two = new Store(await openDatabase(database.url));
    const oneIndexer = new Indexer(one, { batch: 1 });
    const twoIndexer = new Indexer(two, { batch: 1 });
    try {
      const feeds = await feedsOf(one, ['alpha', 'beta']);
      const alpha = feeds.get('alpha')!;
      const beta = feeds.get('beta')!;
      // Ten distinct events; for each, both stores write their article in the
      // same instant. Words of at most seven letters with their event's number:
      // the stemmer keeps seven, so "charlie0" and "charlie1" would be one word.
      const words = (i: number, names: string[]) => names.map((w) => `${w}${i}`).join(' ');
      const events = Array.from({ length: 10 }, (_, i) => [
        candidate(
          words(i, ['alpha', 'bravo', 'charli', 'delta']),
          words(i, ['echo', 'foxtro', 'golf', 'hotel']),
          at(i),
        ),
        candidate(
          words(i, ['alpha', 'bravo', 'charli', 'india']),
          words(i, ['echo', 'foxtro', 'juliet', 'kilo']),
          at(i),
        ),
      ]);
      for (const [a, b] of events) {
        await Promise.all([
          saveFeedRun(
            one,
            alpha.sourceId,
            run(alpha.feedId),
            [a!],
            new Date().toISOString(),
            oneIndexer.queued,
          ),
          saveFeedRun(
            two,
            beta.sourceId,
            run(beta.feedId),
            [b!],
            new Date().toISOString(),
            twoIndexer.queued,
          ),
        ]);
        await Promise.all([oneIndexer.flush(), twoIndexer.flush()]);
      }
      const rows = await dbOf(one)
        .selectFrom('articles')
        .select(['title', 'story_id', 'source_id'])
        .execute();
      assert.equal(rows.length, 20);
      for (const r of rows) assert.ok(r.story_id !== null, `${r.title} has a story`);
      const stories = await dbOf(one).selectFrom('stories').selectAll().execute();
      assert.equal(stories.length, 10, 'one story per event');
      for (const s of stories) {
        assert.equal(s.article_count, 2);
        assert.equal(s.source_count, 2);
        const members = rows.filter((r) => r.story_id === s.id);
        assert.equal(new Set(members.map((m) => m.title.slice(-1))).size, 1, 'both of one event');
      }
    } finally {
      await Promise.all([oneIndexer.stop(), twoIndexer.stop()]);
      await one.close();
      await two.close();
      await database.drop();
    }
  });
});

// A batch of the index queue is detected at once: its articles meet each
// other in memory and the index is read once per run of articles close in
// time. The stories must be the ones detection gives article by article.
for (const backend of BACKENDS) {
  describe(`a batch detected at once on ${backend.name}`, { skip: backend.skip ?? false }, () => {
    test('gives the stories of one-by-one detection, across runs of articles days apart', async () => {
      const day = 24 * 60;
      // [source, title, lead, minutes from T0], in the order the feeds give them.
      const items: Array<[string, string, string, number]> = [
        ['le-matin', QUAKE[0][0], QUAKE[0][1], 0],
        ['hespress', DERBY[0], DERBY[1], 5],
        ['hespress', QUAKE[1][0], QUAKE[1][1], 20],
        ['le360', QUAKE[2][0], QUAKE[2][1], -30],
        ['medias24', DERBY[0], `${DERBY[1]} Le derby de Casablanca.`, 30],
        // Five days on, in the same batch: the same words start apart…
        ['medias24', QUAKE[1][0], QUAKE[1][1], 5 * day],
        // …and another event, told twice then, makes its own story.
        [
          'le-matin',
          'Inondations à Tétouan : des quartiers sous les eaux',
          'De fortes pluies ont inondé plusieurs quartiers de Tétouan mardi, les écoles de la ville sont fermées.',
          5 * day + 10,
        ],
        [
          'le360',
          'Tétouan sous les eaux après des pluies torrentielles',
          'Plusieurs quartiers de Tétouan inondés mardi après des pluies torrentielles ; les écoles fermées.',
          5 * day + 40,
        ],
      ];
      const partition = async (indexBatch: number) => {
        const database = await backend.create();
        const store = new Store(await openDatabase(database.url));
        const indexer = new Indexer(store, { batch: indexBatch });
        try {
          const feeds = await feedsOf(store, ['le-matin', 'hespress', 'le360', 'medias24']);
          // An archive of other news first (200 articles: the event's terms stay rare, as in a
          // real index: a term in 4 articles and in 3 % of them weighs nothing), then
          // every feed stored, then the queue indexed: one batch, or one article at a time.
          const f0 = feeds.get('le-matin')!;
          const archive = Array.from({ length: 200 }, (_, i) =>
            candidate(
              `Dépêche ${i} : autre${i} sujet${i} région${i}`,
              `Texte${i} divers${i} nouvelles${i} locales${i}.`,
              at(-day + i),
            ),
          );
          await saveFeedRun(
            store,
            f0.sourceId,
            run(f0.feedId),
            archive,
            new Date().toISOString(),
            indexer.queued,
          );
          await indexer.flush();
          for (const [slug, title, lead, minutes] of items) {
            const f = feeds.get(slug)!;
            await saveFeedRun(
              store,
              f.sourceId,
              run(f.feedId),
              [candidate(title, lead, at(minutes))],
              new Date().toISOString(),
              indexer.queued,
            );
          }
          await indexer.flush();
          const rows = (
            await dbOf(store)
              .selectFrom('articles')
              .select(['id', 'title', 'published_at', 'story_id'])
              .orderBy('id')
              .execute()
          ).slice(archive.length);
          const stories = await dbOf(store).selectFrom('stories').selectAll().execute();
          // Each story as the indexes of its articles in `items`, with its title and counts.
          const byStory = new Map<number, number[]>();
          rows.forEach((r, i) => {
            if (r.story_id === null) return;
            byStory.set(r.story_id, [...(byStory.get(r.story_id) ?? []), i]);
          });
          return stories
            .map((s) => ({
              members: byStory.get(s.id) ?? [],
              title: s.title,
              articles: s.article_count,
              sources: s.source_count,
              first: rows.findIndex((r) => r.id === s.first_article_id),
            }))
            .sort((a, b) => (a.members[0] ?? 0) - (b.members[0] ?? 0));
        } finally {
          await indexer.stop();
          await store.close();
          await database.drop();
        }
      };
      const oneByOne = await partition(1);
      const atOnce = await partition(400);
      assert.deepEqual(atOnce, oneByOne);
      assert.deepEqual(
        atOnce.map((s) => s.members),
        [
          [0, 2, 3],
          [1, 4],
          [6, 7],
        ],
      );
      assert.equal(atOnce[0]?.first, 3, 'le360 told the quake first');
      assert.deepEqual([atOnce[0]?.articles, atOnce[0]?.sources], [3, 3]);
    });
  });
}
