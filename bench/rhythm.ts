// `npm run bench:rhythm` — what learning each publication's week buys
// (issue 18), in simulated time: the crawler's own schedule
// (src/ingest/schedule.ts, src/ingest/rhythm.ts) replayed over a week, with
// and without the rhythm, against publications that publish by the clock of
// a newsroom. bench:freshness measures the real crawler on a live press but
// lasts twenty minutes; a night and a rush need a week, so here time is
// simulated and nothing is timed.
//
// The publishing pattern is an assumption, stated in the report, not data:
// Poisson arrivals whose rate follows the hour in Rabat (nearly nothing from
// 01:00 to 06:00, an evening rush from 18:00 to 21:00, quieter weekends),
// at three mean rates. Four weeks of it are the history the rhythm is
// learned from; the fifth is crawled. Each poll sees every article
// published before it; an article's delay is from its publication to the
// first poll after it. One feed per publication, the default budget.
import { learnRhythm, rhythmAt } from '../src/ingest/rhythm.ts';
import { decideSchedule, START_INTERVAL_S } from '../src/ingest/schedule.ts';
import { writeReport } from './report.ts';

const ZONE = 'Africa/Casablanca';
const PER_RATE = 20;
/** Mean articles an hour over the week, a third of the publications each. */
const MEAN_PER_HOUR = [6, 2, 0.5];
const WEEK_MS = 7 * 86_400_000;
// The week under test starts on Monday 7 December 2026, 00:00 in Rabat (UTC+1).
const TEST_START = Date.UTC(2026, 11, 6, 23);
const HISTORY_START = TEST_START - 4 * WEEK_MS;

/** Relative rate at a local hour and day (0 Monday): the newsroom's day. */
function shape(hour: number, day: number): number {
  const weekend = day >= 5 ? 0.6 : 1;
  if (hour >= 1 && hour < 6) return 0.03 * weekend;
  if (hour === 0 || hour === 6) return 0.3 * weekend;
  if (hour >= 18 && hour < 21) return 2.5 * weekend;
  if (hour >= 22) return 0.6 * weekend;
  return 1.2 * weekend;
}

const localHour = (t: number) => new Date(t + 3_600_000).getUTCHours();
const localDay = (t: number) => (new Date(t + 3_600_000).getUTCDay() + 6) % 7;

let seed = 20261207;
function random(): number {
  // A fixed generator: the same week every run.
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}

/** Publication times over [from, to): a Poisson process thinned by the hour's shape. */
function publish(meanPerHour: number, from: number, to: number): number[] {
  let norm = 0;
  for (let h = 0; h < 168; h++) norm += shape(h % 24, Math.floor(h / 24));
  const peak = (meanPerHour * 168 * 2.5) / norm; // the rate at the busiest shape
  const out: number[] = [];
  for (let t = from; ; ) {
    t += (-Math.log(1 - random()) / peak) * 3_600_000;
    if (t >= to) return out;
    if (random() < shape(localHour(t), localDay(t)) / 2.5) out.push(t);
  }
}

interface Outcome {
  delays: Array<{ at: number; delayS: number }>;
  requests: number[];
}

function crawlWeek(articles: number[], history: number[], withRhythm: boolean): Outcome {
  const all = [...history, ...articles];
  let intervalS = START_INTERVAL_S;
  let t = TEST_START;
  let seen = history.length;
  const delays: Outcome['delays'] = [];
  const requests: number[] = [];
  let rhythm = null as ReturnType<typeof learnRhythm>;
  let learnedAt = Number.NEGATIVE_INFINITY;
  while (t < TEST_START + WEEK_MS) {
    requests.push(t);
    let fresh = 0;
    while (seen < all.length && all[seen]! <= t) {
      delays.push({ at: all[seen]!, delayS: (t - all[seen]!) / 1000 });
      seen++;
      fresh++;
    }
    const now = new Date(t);
    if (withRhythm && t - learnedAt >= 3_600_000) {
      rhythm = learnRhythm(
        all.slice(0, seen).map((d) => new Date(d)),
        now,
        ZONE,
      );
      learnedAt = t;
    }
    const newest = seen > 0 ? new Date(all[seen - 1]!) : null;
    const decision = decideSchedule({
      intervalS,
      consecutiveErrors: 0,
      failingSince: null,
      outcome: fresh ? 'ok' : 'not_modified',
      entryDates: all.slice(Math.max(0, seen - 20), seen).map((d) => new Date(d)),
      now,
      newestArticleAt: newest,
      rhythm: withRhythm && rhythm ? rhythmAt(rhythm, now) : null,
      random,
    });
    intervalS = decision.intervalS;
    t = Date.parse(decision.nextFetchAt);
  }
  return { delays, requests };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

type Part = { label: string; has: (t: number) => boolean };
const PARTS: Part[] = [
  { label: 'whole week', has: () => true },
  { label: 'rush (18:00–21:00)', has: (t) => localHour(t) >= 18 && localHour(t) < 21 },
  {
    label: 'day (07:00–18:00, 21:00–01:00)',
    has: (t) => !(localHour(t) >= 1 && localHour(t) < 7) && !(localHour(t) >= 18 && localHour(t) < 21),
  },
  { label: 'night (01:00–07:00)', has: (t) => localHour(t) >= 1 && localHour(t) < 7 },
];

function main(): void {
  const runs = { without: [] as Outcome[], with: [] as Outcome[] };
  let articles = 0;
  // The press first, so that both crawls (whose jitter draws from the same generator) see the same week.
  const press = MEAN_PER_HOUR.flatMap((mean) =>
    Array.from({ length: PER_RATE }, () => ({
      history: publish(mean, HISTORY_START, TEST_START),
      week: publish(mean, TEST_START, TEST_START + WEEK_MS),
    })),
  );
  for (const { history, week } of press) {
    articles += week.length;
    runs.without.push(crawlWeek(week, history, false));
    runs.with.push(crawlWeek(week, history, true));
  }
  const publications = MEAN_PER_HOUR.length * PER_RATE;
  const rows: Array<Array<string | number>> = [];
  const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toString() : '–');
  for (const part of PARTS) {
    const cells = (outcomes: Outcome[]) => {
      const d = outcomes.flatMap((o) => o.delays.filter((x) => part.has(x.at)).map((x) => x.delayS));
      const hours =
        Array.from({ length: 168 }, (_, h) => TEST_START + h * 3_600_000).filter((t) => part.has(t)).length ||
        1;
      const req = outcomes.reduce((n, o) => n + o.requests.filter((t) => part.has(t)).length, 0);
      return [
        d.length,
        `${fmt(pct(d, 50))} / **${fmt(pct(d, 95))}** / ${fmt(Math.max(...d))}`,
        (req / publications / hours / 60).toFixed(2),
      ];
    };
    const a = cells(runs.without);
    const b = cells(runs.with);
    rows.push([part.label, a[0]!, a[1]!, a[2]!, b[1]!, b[2]!]);
  }
  writeReport(
    'The week, with and without the rhythm (`npm run bench:rhythm`)',
    `Issue 18. Simulated time, nothing timed: the crawler's own schedule (decideSchedule, learnRhythm) replayed over the week of 7 December 2026 for ${publications} publications with one feed each (${PER_RATE} each at a mean of ${MEAN_PER_HOUR.join(', ')} articles an hour), at the default budget, without the rhythm (the live rule alone) and with it (learned hourly from the articles seen, four weeks of history first). The publishing pattern is an assumption, not data: Poisson arrivals whose rate follows the hour in Rabat — 3 % of the day's rate from 01:00 to 06:00, 30 % at 00:00 and 06:00, 250 % from 18:00 to 21:00, 60 % after 22:00, weekends at 60 % — with ${articles} articles in the week. Delay: from an article's publication to the first poll after it. Requests: feed requests per publication per minute in that part of the week.`,
    [
      'part of the week',
      'articles',
      'without: p50 / p95 / max, s',
      'without: requests / pub / min',
      'with the rhythm: p50 / p95 / max, s',
      'with: requests / pub / min',
    ],
    rows,
  );
}

main();
