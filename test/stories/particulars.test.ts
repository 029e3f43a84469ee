// The evidence that tells one event's coverage from a recurring event of its
// kind (src/stories/evidence.ts, similarity.ts): within a day and a half,
// the particulars two outlets share (an institution, a name, a figure) count
// for more than plain words, and the figures each gives of its own angle do
// not count against; days apart, other figures mean another event, and
// naming different days does too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COVERAGE_HOURS, similarity, storyTerms, thresholdAt } from '../../src/stories/index.ts';
import { detectedStories, type RealArticle } from './real-set.ts';

const article = (
  key: string,
  outlet: string,
  published: string,
  title: string,
  lead: string,
): RealArticle => ({
  key,
  group: null,
  family: null,
  outlet,
  lang: 'fr',
  published,
  title,
  lead,
});
const termsOf = (a: RealArticle) => storyTerms({ title: a.title, summary: a.lead, text: null });

// One rate decision told by two outlets in their own words: the decision in
// the evening, the growth forecast published with it the next afternoon.
// They share the institution (by two names), the rate and the day, and each
// gives figures of its own.
const decision = article(
  'decision',
  'Le Matin',
  '2025-09-23T18:00:00Z',
  'Bank Al-Maghrib laisse son taux directeur à 2,75%',
  "Réuni mardi à Rabat, le conseil de la banque centrale a gardé le loyer de l'argent inchangé et attend une inflation de 1% cette année, puis de 1,8% en 2026, après la détente des prix alimentaires.",
);
const forecast = article(
  'forecast',
  'Médias24',
  '2025-09-24T14:00:00Z',
  "Croissance : BAM voit l'économie accélérer à 4,6%",
  "Au lendemain de son conseil de mardi, qui a maintenu le taux à 2,75%, l'institut d'émission relève sa prévision grâce aux investissements publics et à une campagne agricole de 44 millions de quintaux.",
);
// One weekly bulletin and the next: the same ministry, disease and day of
// the week, other figures.
const bulletin = article(
  'bulletin',
  'Le Matin',
  '2025-02-17T10:00:00Z',
  'Rougeole : 3.214 nouveaux cas et 12 décès en une semaine',
  "Le ministère de la Santé a recensé lundi 3.214 nouveaux cas de rougeole et 12 décès, le Souss-Massa restant la région la plus touchée par l'épidémie.",
);
const nextBulletin = article(
  'next-bulletin',
  'Médias24',
  '2025-02-24T10:00:00Z',
  'Rougeole : le ministère compte 2.870 cas de plus',
  "Selon le bilan hebdomadaire publié lundi par le ministère de la Santé, l'épidémie de rougeole a fait 9 morts de plus, dont 4 dans la région de Marrakech-Safi.",
);

test('two angles on one event, 20 hours apart, sharing an institution, a figure and the day, are alike enough', () => {
  const score = similarity(termsOf(decision), termsOf(forecast), undefined, 20);
  assert.ok(score >= thresholdAt(20), `${score.toFixed(3)} under ${thresholdAt(20).toFixed(3)}`);
});

test('the same two articles days apart, or undated, are held to the figures they do not share', () => {
  const days = COVERAGE_HOURS + 12;
  assert.ok(similarity(termsOf(decision), termsOf(forecast), undefined, days) < thresholdAt(days));
  assert.ok(similarity(termsOf(decision), termsOf(forecast)) < thresholdAt(undefined));
});

test('one weekly bulletin and the next stay apart a week apart, not for want of shared words', () => {
  const a = termsOf(bulletin);
  const b = termsOf(nextBulletin);
  const week = 7 * 24;
  const score = similarity(a, b, undefined, week);
  assert.ok(score < thresholdAt(week), `${score.toFixed(3)} at a week apart`);
  // Published the same hours, as much alike would be one story: time and
  // the other figures part them, not the words.
  assert.ok(similarity(a, b, undefined, 3) >= thresholdAt(3));
});

test('two derbies told the same hours, naming different days, are parted by the days', () => {
  // A busy day's archive: time no longer keeps them apart, the days named do.
  const saturday = storyTerms({
    title: 'Derby : le Wydad et le Raja se quittent sur un nul, 1-1',
    summary:
      "Samedi au complexe Mohammed V, Zouhair El Moutaraji a répondu à l'ouverture du score de Hamza Moujahid pour le Raja.",
    text: null,
  });
  const sunday = storyTerms({
    title: 'Derby : le Raja domine le Wydad, 2-0',
    summary:
      'Dimanche au complexe Mohammed V, Soufiane Benjdida a signé un doublé face au Wydad, qui concède sa première défaite.',
    text: null,
  });
  const score = similarity(saturday, sunday, undefined, 3);
  assert.ok(score < thresholdAt(3), `${score.toFixed(3)} three hours apart`);
});

test('through the real path, the two angles are one story and the two bulletins two', async () => {
  const stories = await detectedStories([decision, forecast, bulletin, nextBulletin]);
  assert.ok(stories.get('decision') != null, 'the decision is in a story');
  assert.equal(stories.get('forecast'), stories.get('decision'));
  assert.ok(
    stories.get('bulletin') == null || stories.get('bulletin') !== stories.get('next-bulletin'),
    'the bulletins are apart',
  );
});

test('a weekday and a month never disagree; months named differently count only beyond one event’s coverage time', () => {
  // One appointment told the night it was announced and the next morning:
  // the first names the day, the second the month the new head took a
  // ministry; the figures' months of one statistic, told the same day.
  const night = storyTerms({
    title: 'Le président nomme Karim Bennani à la tête du gouvernement',
    summary:
      'Par un communiqué publié mercredi soir, la présidence a annoncé la nomination de Karim Bennani, ministre des Affaires sociales, à la tête du gouvernement.',
    text: null,
  });
  const portrait = storyTerms({
    title: 'Karim Bennani, des Affaires sociales à la tête du gouvernement',
    summary:
      'Nommé aux Affaires sociales en mai dernier, le nouveau chef du gouvernement Karim Bennani est un ancien patron de la caisse d’assurance maladie.',
    text: null,
  });
  assert.ok(similarity(night, portrait, undefined, 9) >= thresholdAt(9), 'a day against a month');
  const november = storyTerms({
    title: "L'inflation grimpe à 8,3% en novembre, selon le HCP",
    summary:
      "L'indice des prix à la consommation a progressé de 8,3% en novembre sur un an, tiré par les produits alimentaires.",
    text: null,
  });
  const october = storyTerms({
    title: "Inflation : après le répit d'octobre, les prix alimentaires repartent, selon le HCP",
    summary:
      "Les prix des produits alimentaires ont repris leur hausse après le répit d'octobre, selon le HCP, à 8,3% sur un an.",
    text: null,
  });
  assert.ok(similarity(november, october, undefined, 5) >= thresholdAt(5), 'the same day');
  const month = 30 * 24;
  assert.ok(similarity(november, october, undefined, month) < thresholdAt(month), 'a month apart');
});
