// The story set drawn from real coverage holds what its README promises:
// enough events, outlets, languages and decoys to measure detection on, and
// no article that breaks the rules of the set.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsOverlapping, loadRealSet } from './real-set.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_SET_DIR } from './real-set.ts';

const ARABIC = /[\u0600-\u06FF]/;
const set = loadRealSet();
const labelled = set.filter((a) => a.group !== null);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

test('the real set is large enough: 400 labelled articles, 60 groups, 20 across French and Arabic, 1,000 background', () => {
  const groups = groupBy(labelled, (a) => a.group!);
  const cross = [...groups.values()].filter((g) => new Set(g.map((a) => a.lang)).size === 2);
  assert.ok(labelled.length >= 400, `${labelled.length} labelled articles`);
  assert.ok(groups.size >= 60, `${groups.size} groups`);
  assert.ok(cross.length >= 20, `${cross.length} groups across French and Arabic`);
  assert.ok(set.length - labelled.length >= 1000, `${set.length - labelled.length} background articles`);
  const families = groupBy(
    labelled.filter((a) => a.family),
    (a) => a.family!,
  );
  const decoyFamilies = [...families.values()].filter((f) => new Set(f.map((a) => a.group)).size >= 2);
  assert.ok(decoyFamilies.length >= 10, `${decoyFamilies.length} families of recurring events`);
});

test('every group is told by different outlets, and every article is in its language', () => {
  for (const [id, g] of groupBy(labelled, (a) => a.group!)) {
    const outlets = g.map((a) => a.outlet);
    assert.equal(new Set(outlets).size, outlets.length, `${id}: an outlet twice`);
    assert.ok(g.length >= 2, `${id}: one article`);
  }
  for (const a of set) {
    assert.ok(!Number.isNaN(Date.parse(a.published)), `${a.key}: published ${a.published}`);
    if (a.lang === 'ar') assert.ok(ARABIC.test(a.title), `${a.key}: an Arabic article without Arabic`);
    else assert.ok(!ARABIC.test(`${a.title} ${a.lead}`), `${a.key}: Arabic letters in a French article`);
    assert.ok(a.lead.split(/\s+/).length >= 12, `${a.key}: a lead of a few words`);
  }
  const titles = set.map((a) => a.title.trim().toLowerCase());
  assert.equal(new Set(titles).size, titles.length, 'two articles with one title');
});

test('every group and background article names the pages its facts came from', () => {
  for (const file of readdirSync(REAL_SET_DIR).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(REAL_SET_DIR, file), 'utf8'));
    for (const g of doc.groups ?? [])
      assert.ok(
        g.sources?.length && g.sources.every((u: string) => /^https?:\/\//.test(u)),
        `${file} ${g.id}`,
      );
    for (const b of doc.background ?? []) assert.ok(/^https?:\/\//.test(b.source ?? ''), `${file} ${b.id}`);
  }
});

test('events overlapping: each event keeps its own spread (up to a day), all within 48 hours, the same every run', () => {
  const set = loadRealSet();
  const moved = eventsOverlapping(set);
  assert.deepEqual(eventsOverlapping(set), moved, 'seeded');
  const start = Date.UTC(2026, 0, 5);
  const times = moved.map((a) => Date.parse(a.published));
  assert.ok(times.every((t) => t >= start && t <= start + 48 * 3_600_000));
  const byKey = new Map(set.map((a) => [a.key, a]));
  const groups = new Map<string, Array<[number, number]>>();
  for (const a of moved) {
    if (!a.group) continue;
    const list = groups.get(a.group) ?? [];
    list.push([Date.parse(byKey.get(a.key)!.published), Date.parse(a.published)]);
    groups.set(a.group, list);
  }
  for (const [group, list] of groups) {
    const real0 = Math.min(...list.map(([r]) => r));
    const new0 = Math.min(...list.map(([, n]) => n));
    for (const [r, n] of list)
      assert.ok(Math.abs(n - new0 - Math.min(86_400_000, r - real0)) < 1000, `${group}: spread kept`);
  }
  // Events of one family no longer months apart: some start within hours of each other.
  const starts = [...groups.values()].map((l) => Math.min(...l.map(([, n]) => n))).sort((a, b) => a - b);
  assert.ok(starts.some((t, i) => i > 0 && t - starts[i - 1]! < 3_600_000));
});
