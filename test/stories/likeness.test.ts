// A story's likeness (src/store/stories/membership.ts): how like its members
// an article joining it is on average. When every match of the article lies
// in that story, a member in the other language that shares nothing with it
// is left out (the lexicon bridges only part of French and Arabic); a member
// in the article's language that shares nothing still counts, and when the
// article's matches lie in several stories every member counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FIRST_ACROSS_FLOOR,
  FIRST_ARTICLE_FLOOR,
  firstArticleFloor,
  likenessTo,
  type StoryMember,
} from '../../src/store/stories/membership.ts';
import { batchArticle, hoursApart, similarity, storyTerms, termStatsOf } from '../../src/stories/index.ts';

const at = (h: number) => new Date(Date.UTC(2026, 2, 3, 8) + h * 3_600_000).toISOString();
let id = 0;
const article = (title: string, summary: string, h: number) =>
  batchArticle({ id: ++id, sourceId: id, title, summary, text: null, publishedAt: at(h) });
const member = (title: string, summary: string, h: number): StoryMember => ({
  id: ++id,
  publishedAt: at(h),
  terms: storyTerms({ title, summary, text: null }),
});

// Our own sentences: a port's yearly traffic told by two French outlets and
// an Arabic one (which says it with words the French angle does not share).
const french = [
  member(
    'Le port de Nador West Med a traité 41 millions de tonnes en 2025',
    "L'autorité portuaire de Nador annonce un trafic annuel de 41 millions de tonnes, porté par les conteneurs et le vrac.",
    0,
  ),
  member(
    'Nador West Med : un trafic record de 41 millions de tonnes',
    'Conteneurs et vrac ont porté le trafic du port de Nador à 41 millions de tonnes sur l’année, un record.',
    2,
  ),
];
const arabic = member(
  'ارتفاع كبير في حركة الحاويات بالميناء المتوسطي الشرقي',
  'سجلت المنشأة المينائية الجديدة نموا قويا في عدد السفن التي رست خلال السنة الماضية حسب بلاغ رسمي.',
  1,
);
const angle = article(
  'Nador : le port mise sur le vrac après une année à 41 millions de tonnes',
  'Après 41 millions de tonnes traitées, le port de Nador veut doubler ses quais de vrac et attirer deux nouvelles lignes de conteneurs.',
  4,
);
const stats = termStatsOf([...french.map((m) => m.terms), arabic.terms, angle.terms]);

test('an other-language member sharing nothing is left out when the story is uncontested, counted otherwise', () => {
  const score = (m: StoryMember) =>
    similarity(angle.terms, m.terms, stats, hoursApart(angle.publishedAt, m.publishedAt));
  assert.equal(
    similarity(angle.terms, arabic.terms, stats, 3),
    0,
    'the Arabic member shares nothing with the angle',
  );
  for (const m of french) assert.ok(score(m) > 0);
  const members = [french[1]!, arabic, french[0]!];
  const contested = likenessTo(members, angle, stats, false);
  const uncontested = likenessTo(members, angle, stats, true);
  const frenchOnly = likenessTo(french, angle, stats, false);
  assert.ok(Math.abs(uncontested - frenchOnly) < 1e-12, 'uncontested: the mean of the French members');
  assert.ok(Math.abs(contested - (frenchOnly * 2) / 3) < 1e-12, 'contested: the Arabic member counts as 0');
});

test('a member in the article’s language that shares nothing counts even when uncontested', () => {
  const other = member(
    'Un nouveau musée ouvre ses portes à Fès',
    'La médina accueille un musée consacré aux arts du cuivre, ouvert au public dès samedi.',
    3,
  );
  assert.equal(similarity(angle.terms, other.terms, stats, 1), 0);
  const frenchOnly = likenessTo(french, angle, stats, true);
  const withOther = likenessTo([...french, other], angle, stats, true);
  assert.ok(Math.abs(withOther - (frenchOnly * 2) / 3) < 1e-12);
});

test('no member known: 1; only other-language members sharing nothing: 0', () => {
  assert.equal(likenessTo([], angle, stats, true), 1);
  assert.equal(likenessTo([arabic], angle, stats, true), 0);
});

test('the floor against a story’s first article is lower when that article is in the other language', () => {
  const firstArabic = arabic.terms;
  const firstFrench = french[0]!.terms;
  assert.equal(firstArticleFloor(angle.terms, firstFrench), FIRST_ARTICLE_FLOOR);
  assert.equal(firstArticleFloor(angle.terms, firstArabic), FIRST_ACROSS_FLOOR);
  assert.equal(firstArticleFloor(firstArabic, angle.terms), FIRST_ACROSS_FLOOR);
  assert.ok(FIRST_ACROSS_FLOOR < FIRST_ARTICLE_FLOOR);
});
