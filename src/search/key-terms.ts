// The words an article is about, for "Lire aussi": its title's and lead's
// index tokens, function words out.
import { normalizeText } from './normalize.ts';
import { ARABIC_STOP_WORDS, FRENCH_STOP_WORDS } from './stop-words.ts';

/** The stop words (./stop-words.ts) in the index's normalised forms. */
const KEY_TERM_STOP_WORDS = new Set(
  normalizeText([...FRENCH_STOP_WORDS, ...ARABIC_STOP_WORDS].join(' ')).split(' '),
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
