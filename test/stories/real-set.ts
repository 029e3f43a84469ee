// The story set drawn from real coverage (test/fixtures/stories/real/):
// real events, how several outlets of the region told them, in French and
// Arabic, written in our own words (see that folder's README), among
// background articles of other real events. This module loads it, runs the
// real detector over it (a real store, the crawler's save and the indexer)
// and scores the pairs: same-event pairs found, by language pair, and
// different-event pairs kept apart.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Indexer } from '../../src/ingest/index.ts';
import {
  type ArticleCandidate,
  dbOf,
  leaseDueFeeds,
  openDatabase,
  releaseLease,
  saveFeedRun,
  Store,
  syncSources,
} from '../../src/store/index.ts';
import { rng } from '../fixtures/press-server/text.ts';
import { feedRun, testSource } from '../store/feed-run.ts';

export const REAL_SET_DIR = fileURLToPath(new URL('../fixtures/stories/real/', import.meta.url));

export type Lang = 'fr' | 'ar';

export interface RealArticle {
  /** `<group id>/<n>` or the background article's id. */
  key: string;
  /** The same-event group; null for a background article (an event of its own). */
  group: string | null;
  /** The recurring kind of event its group belongs to (decoys share one). */
  family: string | null;
  outlet: string;
  lang: Lang;
  published: string;
  title: string;
  lead: string;
}

interface RawArticle {
  outlet: string;
  lang: Lang;
  published: string;
  title: string;
  lead: string;
}
interface RawFile {
  groups?: Array<{ id: string; family?: string; articles: RawArticle[] }>;
  background?: Array<RawArticle & { id: string }>;
}

/** Every article of the set, labelled ones and background. */
export function loadRealSet(dir = REAL_SET_DIR): RealArticle[] {
  const out: RealArticle[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as RawFile;
    for (const g of doc.groups ?? [])
      for (const [i, a] of g.articles.entries())
        out.push({ ...pick(a), key: `${g.id}/${i}`, group: g.id, family: g.family ?? null });
    for (const b of doc.background ?? []) out.push({ ...pick(b), key: b.id, group: null, family: null });
  }
  return out;
}

function pick(a: RawArticle) {
  return { outlet: a.outlet, lang: a.lang, published: a.published, title: a.title, lead: a.lead };
}

/**
 * The same articles published within 48 hours, in their order: time no
 * longer tells two derbies or two rate decisions apart, only the text does.
 */
export function withinTwoDays(articles: RealArticle[], start = Date.UTC(2026, 0, 5)): RealArticle[] {
  const sorted = [...articles].sort(
    (a, b) => a.published.localeCompare(b.published) || a.key.localeCompare(b.key),
  );
  const step = (48 * 3_600_000) / Math.max(1, sorted.length);
  return sorted.map((a, i) => ({ ...a, published: new Date(start + Math.floor(i * step)).toISOString() }));
}

/**
 * The same articles as a busy day's archive would hold them: every event
 * keeps its own spread in time (each article's delay after its group's
 * first, up to 24 hours), the events start at random moments of one day,
 * and the background falls at random within 48 hours (seeded: the same
 * every run). Unlike withinTwoDays, an event's coverage is as spread out
 * as it really was, and two events of one family may fall an hour apart:
 * a rule that trusts time is tested at a real site's density.
 */
export function eventsOverlapping(
  articles: RealArticle[],
  seed = 7,
  start = Date.UTC(2026, 0, 5),
): RealArticle[] {
  const random = rng(seed);
  const DAY = 24 * 3_600_000;
  const firstOf = new Map<string, number>();
  for (const a of articles)
    if (a.group) firstOf.set(a.group, Math.min(firstOf.get(a.group) ?? Infinity, Date.parse(a.published)));
  const startOf = new Map([...firstOf.keys()].sort().map((g) => [g, start + random() * DAY]));
  return articles.map((a) => {
    const at = a.group
      ? startOf.get(a.group)! + Math.min(DAY, Date.parse(a.published) - firstOf.get(a.group)!)
      : start + random() * 2 * DAY;
    return { ...a, published: new Date(Math.floor(at)).toISOString() };
  });
}

/** Runs the detector over the articles, in publication order, and returns each one's story (null when alone). */
export async function detectedStories(
  articles: RealArticle[],
  databaseUrl = 'sqlite::memory:',
  options: { batch?: number } = {},
): Promise<Map<string, number | null>> {
  const store = new Store(await openDatabase(databaseUrl));
  const indexer = new Indexer(store, { batch: options.batch ?? 50 });
  try {
    const outlets = [...new Set(articles.map((a) => a.outlet))];
    const slugOf = new Map(outlets.map((o, i) => [o, `outlet-${i}`]));
    const langOf = new Map<string, Lang>();
    for (const a of articles) if (!langOf.has(a.outlet)) langOf.set(a.outlet, a.lang);
    await syncSources(
      store,
      outlets.map((o) => testSource(slugOf.get(o)!, langOf.get(o)!, o)),
    );
    // Leased all at once and released: a released feed is due again, so a
    // second lease would hand back the same ones.
    const feeds = new Map<string, { feedId: number; sourceId: number }>();
    const due = await leaseDueFeeds(store, {
      worker: 'set',
      limit: outlets.length,
      now: new Date(),
      leaseMs: 60_000,
    });
    for (const f of due) {
      feeds.set(f.source_slug, { feedId: f.id, sourceId: f.source_id });
      await releaseLease(store, f.id, 'set');
    }
    if (feeds.size !== outlets.length)
      throw new Error(`${feeds.size} feeds leased for ${outlets.length} outlets`);
    const sorted = [...articles].sort(
      (a, b) => a.published.localeCompare(b.published) || a.key.localeCompare(b.key),
    );
    const idOf = new Map<string, number>();
    // Batches cut by count, not by the clock: the indexer's background
    // drain takes what a second of saves queued, so on a loaded machine the
    // batches, and the figures, changed from run to run. The indexer is not
    // told of the saves (it reads the queue and computes the words itself).
    const batch = options.batch ?? 50;
    // One feed run per article, as a crawler polling often would see them.
    for (const [i, a] of sorted.entries()) {
      const f = feeds.get(slugOf.get(a.outlet)!)!;
      const res = await saveFeedRun(store, f.sourceId, feedRun(f.feedId), [candidate(a)], a.published);
      idOf.set(a.key, res.newIds[0]!);
      if ((i + 1) % batch === 0) await indexer.flush();
    }
    await indexer.flush();
    const rows = await dbOf(store).selectFrom('articles').select(['id', 'story_id']).execute();
    const storyOfId = new Map(
      rows.map((r) => [Number(r.id), r.story_id == null ? null : Number(r.story_id)]),
    );
    return new Map([...idOf].map(([key, id]) => [key, storyOfId.get(id) ?? null]));
  } finally {
    await indexer.stop();
    await store.close();
  }
}

export interface PairScore {
  /** Same-event pairs from different outlets, found in one story / all. */
  same: { found: number; total: number };
  /** Pairs of two different labelled events, kept apart / all. */
  different: { apart: number; total: number };
  /** The subset of `different` within one family (two derbies, two rate decisions…). */
  decoys: { apart: number; total: number };
}

export type LangPair = 'fr-fr' | 'ar-ar' | 'fr-ar';

/** Pair counts by language pair, from each article's story. */
export function scorePairs(
  articles: RealArticle[],
  storyOf: Map<string, number | null>,
): Record<LangPair, PairScore> {
  const empty = (): PairScore => ({
    same: { found: 0, total: 0 },
    different: { apart: 0, total: 0 },
    decoys: { apart: 0, total: 0 },
  });
  const out: Record<LangPair, PairScore> = { 'fr-fr': empty(), 'ar-ar': empty(), 'fr-ar': empty() };
  const labelled = articles.filter((a) => a.group !== null);
  for (let i = 0; i < labelled.length; i++) {
    for (let j = i + 1; j < labelled.length; j++) {
      const a = labelled[i]!;
      const b = labelled[j]!;
      const pair: LangPair = a.lang === b.lang ? (a.lang === 'fr' ? 'fr-fr' : 'ar-ar') : 'fr-ar';
      const sa = storyOf.get(a.key) ?? null;
      const together = sa !== null && sa === (storyOf.get(b.key) ?? null);
      const s = out[pair];
      if (a.group === b.group) {
        if (a.outlet === b.outlet) continue;
        s.same.total++;
        if (together) s.same.found++;
      } else {
        s.different.total++;
        if (!together) s.different.apart++;
        if (a.family !== null && a.family === b.family) {
          s.decoys.total++;
          if (!together) s.decoys.apart++;
        }
      }
    }
  }
  return out;
}

/** Labelled articles put in one story with a background article (another event). */
export function joinedWithBackground(articles: RealArticle[], storyOf: Map<string, number | null>): number {
  const backgroundStories = new Set(
    articles.filter((a) => a.group === null).flatMap((a) => storyOf.get(a.key) ?? []),
  );
  return articles.filter((a) => a.group !== null && backgroundStories.has(storyOf.get(a.key) ?? -1)).length;
}

const ratio = (n: number, d: number) => (d ? n / d : 1);
export const recall = (s: PairScore) => ratio(s.same.found, s.same.total);
export const keptApart = (s: PairScore) => ratio(s.different.apart, s.different.total);
/** Of the labelled pairs put in one story, the share that are one event (pairwise precision). */
export const precision = (s: PairScore) =>
  ratio(s.same.found, s.same.found + s.different.total - s.different.apart);
export const decoysApart = (s: PairScore) => ratio(s.decoys.apart, s.decoys.total);

let serial = 0;
function candidate(a: RealArticle): ArticleCandidate {
  const n = ++serial;
  return {
    identity: `guid:${a.key}:${n}`,
    guid: `${a.key}:${n}`,
    canonicalUrl: `https://set.example/${n}`,
    matchByUrl: true,
    title: a.title,
    summary: a.lead,
    contentHtml: null,
    text: null,
    author: null,
    language: a.lang,
    category: null,
    leadImageUrl: null,
    images: [],
    publishedAt: a.published,
    publishedAtGuessed: false,
    needsPage: false,
    contentHash: `set${n}`,
  };
}
