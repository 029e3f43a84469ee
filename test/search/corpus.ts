// A small labelled archive for the search tests, written through the store
// (the crawler's own path: saveFeedRun), so the index is built as in production.
import { Indexer } from '../../src/ingest/index.ts';
import type { ArticleCandidate, Store } from '../../src/store/index.ts';
import { enabledFeeds, saveFeedRun, syncSources } from '../../src/store/index.ts';
import { feedRun, testSource } from '../store/feed-run.ts';

export { feedRun };

export interface CorpusArticle {
  name: string;
  source: 'alpha' | 'beta' | 'gamma';
  title: string;
  summary?: string;
  text: string;
  category?: string;
  publishedAt: string;
}

const day = (d: number, h = 8) => new Date(Date.UTC(2026, 10, d, h)).toISOString();

/** Stored in this order: ids do not follow publication time (old-2020 comes last). */
export const CORPUS: CorpusArticle[] = [
  {
    name: 'eco-title',
    source: 'alpha',
    title: "L'économie marocaine progresse",
    text: 'La croissance atteint trois pour cent selon le ministère.',
    category: 'Économie',
    publishedAt: day(10),
  },
  {
    name: 'eco-adjective',
    source: 'beta',
    title: 'Les indicateurs économiques du trimestre',
    text: 'Les exportations et la consommation restent solides.',
    category: 'economie',
    publishedAt: day(12),
  },
  {
    name: 'eco-body',
    source: 'alpha',
    title: 'Match de football à Rabat',
    summary: 'Le stade attire des supporters et relance l’économie du quartier.',
    text: 'Le stade attire des supporters et relance l’économie du quartier. Victoire 2-1.',
    category: 'Sport',
    publishedAt: day(11),
  },
  {
    name: 'ar-eco',
    source: 'gamma',
    title: 'الاقتصاد المغربي يتحسن',
    text: 'أعلنت الحكومـــة عن إصلاحات جديدة لدعم النمو.',
    category: 'اقتصاد',
    publishedAt: day(9),
  },
  {
    name: 'ar-school',
    source: 'gamma',
    title: 'إصلاح التعليم',
    text: 'أَعْلَنَتِ الْحُكُومَةُ خُطَّةً لِلْمَدَارِسِ.',
    category: 'مجتمع',
    publishedAt: day(13),
  },
  {
    name: 'bank-phrase',
    source: 'beta',
    title: 'Banque centrale : taux directeur inchangé',
    text: 'La banque centrale a maintenu son taux directeur à 2,75 %.',
    category: 'Finance',
    publishedAt: day(14),
  },
  {
    name: 'bank-apart',
    source: 'alpha',
    title: 'La centrale solaire et la banque régionale',
    text: 'Une centrale solaire financée par une banque du Souss.',
    category: 'Énergie',
    publishedAt: day(15),
  },
  {
    name: 'old-2020',
    source: 'beta',
    title: 'Économie : rétrospective de 2020',
    text: 'Une année de crise pour les entreprises.',
    category: 'Économie',
    publishedAt: new Date(Date.UTC(2020, 0, 1, 12)).toISOString(),
  },
];

/** 25 more économie articles of alpha, an hour apart, for paging. */
export const DOSSIERS: CorpusArticle[] = Array.from({ length: 25 }, (_, i) => ({
  name: `dossier-${i}`,
  source: 'alpha' as const,
  title: `Dossier numéro ${i}`,
  text: `Analyse ${i} de l'économie régionale et des marchés.`,
  category: 'Analyses',
  publishedAt: new Date(Date.UTC(2026, 9, 1, i)).toISOString(),
}));

export function candidate(a: CorpusArticle, n: number): ArticleCandidate {
  return {
    identity: `guid:${a.name}`,
    guid: a.name,
    canonicalUrl: `https://${a.source}.example/${a.name}`,
    matchByUrl: true,
    title: a.title,
    summary: a.summary ?? null,
    contentHtml: `<p>${a.text}</p>`,
    text: a.text,
    author: null,
    language: a.source === 'gamma' ? 'ar' : 'fr',
    category: a.category ?? null,
    leadImageUrl: null,
    images: [],
    publishedAt: a.publishedAt,
    publishedAtGuessed: false,
    needsPage: false,
    contentHash: `h${n}-${a.title}`,
  };
}

export interface Loaded {
  ids: Map<string, number>;
  sources: Map<string, { sourceId: number; feedId: number }>;
}

/** Syncs the three sources and stores the articles one by one, in the given order. */
export async function loadCorpus(store: Store, articles: CorpusArticle[]): Promise<Loaded> {
  await syncSources(store, [testSource('alpha', 'fr'), testSource('beta', 'fr'), testSource('gamma', 'ar')]);
  const feeds = await enabledFeeds(store);
  const sources = new Map(feeds.map((f) => [f.source_slug, { sourceId: f.source_id, feedId: f.id }]));
  const ids = new Map<string, number>();
  let n = 0;
  const indexer = new Indexer(store);
  for (const a of articles) {
    const s = sources.get(a.source);
    if (!s) throw new Error(`no source ${a.source}`);
    const res = await saveFeedRun(
      store,
      s.sourceId,
      feedRun(s.feedId),
      [candidate(a, n++)],
      new Date().toISOString(),
      indexer.queued,
    );
    const id = res.newIds[0];
    if (id === undefined) throw new Error(`${a.name} was not stored`);
    ids.set(a.name, id);
  }
  // The indexes take the queue in batches after the feeds' commits: wait for them.
  await indexer.flush();
  await indexer.stop();
  return { ids, sources };
}
