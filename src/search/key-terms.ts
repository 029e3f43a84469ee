// The words an article is about, for "Lire aussi": its title's and lead's
// index tokens, function words out.
import { normalizeText } from './normalize.ts';

/**
 * Words that say nothing about what an article is about, in the index's
 * normalised forms (Snowball stems). Not the story detection's list
 * (src/stories/stop-words.ts): that one is folded by the story
 * normalisation, without Snowball, and drops more (weekdays, "annonce",
 * "ainsi"…) while keeping "année", "jour", "nouveau"…; one list for both
 * would change "Lire aussi" and the stories.
 */
const KEY_TERM_STOP_WORDS = new Set(
  normalizeText(
    `le la les un une des du de d l et ou en au aux a à ce cet cette ces son sa ses leur leurs pour par sur dans avec sans sous
     qui que quoi dont où il elle ils elles on nous vous se ne pas plus moins est sont été être avoir a ont fait faire
     comme mais si tout tous toute toutes très aussi après avant entre selon lors depuis contre vers chez même deux trois
     année ans jour jours mois hier aujourd hui demain cours fin début nouveau nouvelle
     في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين و أو ثم قد لقد كان كانت يكون تم حيث بعد قبل بين عند كل أن إن لا ما لم لن هو هي هم`,
  ).split(' '),
);

/**
 * The words an article is about: its title's and lead's normalised tokens,
 * function words and one- or two-letter tokens out, title first, at most 10.
 */
export function keyTerms(title: string, lead: string): string[] {
  const out: string[] = [];
  for (const t of `${normalizeText(title, 60)} ${normalizeText(lead, 60)}`.split(' ')) {
    if (t.length < 3 || KEY_TERM_STOP_WORDS.has(t) || /^\d+$/.test(t) || out.includes(t)) continue;
    out.push(t);
    if (out.length >= 10) break;
  }
  return out;
}
