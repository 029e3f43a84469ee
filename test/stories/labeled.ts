// The labeled set (test/fixtures/stories/labeled-*.json): families of
// confusable events, each event told by two or three articles (title and
// lead) written for the fixtures. Every pair of articles of one family is a
// labeled pair: the same event is the same story, two events of one family
// (two derbies, two earthquakes, two statements of one minister) are not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { storyTerms, type TermStats, termStatsOf } from '../../src/stories/index.ts';
import { headline, paragraphs } from '../fixtures/press-server/text.ts';

export interface LabeledArticle {
  id: string;
  language: 'fr' | 'ar';
  title: string;
  lead: string;
}

export interface LabeledPair {
  a: LabeledArticle;
  b: LabeledArticle;
  same: boolean;
}

interface FixtureFile {
  families: Array<{
    topic: string;
    events: Array<{ id: string; articles: Array<{ title: string; lead: string }> }>;
  }>;
}

const DIR = join(import.meta.dirname, '..', 'fixtures', 'stories');

export function labeledPairs(): LabeledPair[] {
  const pairs: LabeledPair[] = [];
  for (const language of ['fr', 'ar'] as const) {
    const file = join(DIR, `labeled-${language}.json`);
    const data = JSON.parse(readFileSync(file, 'utf8')) as FixtureFile;
    for (const [f, family] of data.families.entries()) {
      if (!family.events?.length) throw new Error(`${file}: family ${f} has no events`);
      const articles: Array<LabeledArticle & { event: string }> = [];
      for (const event of family.events) {
        for (const [i, a] of event.articles.entries()) {
          if (!a.title || !a.lead)
            throw new Error(`${file}: ${event.id} article ${i} needs a title and a lead`);
          articles.push({ id: `${event.id}#${i}`, event: event.id, language, title: a.title, lead: a.lead });
        }
      }
      for (let i = 0; i < articles.length; i++) {
        for (let j = i + 1; j < articles.length; j++) {
          pairs.push({ a: articles[i]!, b: articles[j]!, same: articles[i]!.event === articles[j]!.event });
        }
      }
    }
  }
  return pairs;
}

export interface Quality {
  pairs: number;
  positives: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  mistakes: Array<{ pair: LabeledPair; said: boolean }>;
}

/**
 * The archive the pairs are judged in: the labeled articles among
 * `background` articles per language of the fixture press server's general
 * news (its generic vocabulary is what a real archive is full of). The
 * detector reads term frequencies from it, as it reads them from the
 * database in production.
 */
export function archiveStats(pairs: LabeledPair[], background = 300): TermStats {
  const seen = new Map<string, string[]>();
  for (const p of pairs) {
    for (const a of [p.a, p.b]) {
      if (!seen.has(a.id)) seen.set(a.id, storyTerms({ title: a.title, summary: a.lead }));
    }
  }
  const corpus: string[][] = [...seen.values()];
  for (const language of ['fr', 'ar'] as const) {
    for (let i = 0; i < background; i++) {
      const lead = paragraphs(language, i * 7919 + 3, 1)[0] ?? '';
      corpus.push(storyTerms({ title: headline(language, 500 + i * 17), summary: lead.slice(0, 280) }));
    }
  }
  return termStatsOf(corpus);
}

/** Precision and recall of a pair verdict over the labeled set. */
export function measure(
  verdict: (a: string[], b: string[], stats: TermStats) => boolean,
  pairs = labeledPairs(),
  stats = archiveStats(pairs),
): Quality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const mistakes: Quality['mistakes'] = [];
  const terms = new Map<string, string[]>();
  const termsOf = (a: LabeledArticle) => {
    let t = terms.get(a.id);
    if (!t) {
      t = storyTerms({ title: a.title, summary: a.lead });
      terms.set(a.id, t);
    }
    return t;
  };
  for (const pair of pairs) {
    const said = verdict(termsOf(pair.a), termsOf(pair.b), stats);
    if (said && pair.same) tp++;
    else if (said) fp++;
    else if (pair.same) fn++;
    if (said !== pair.same) mistakes.push({ pair, said });
  }
  return {
    pairs: pairs.length,
    positives: pairs.filter((p) => p.same).length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    mistakes,
  };
}
