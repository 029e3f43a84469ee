// Is the feed's text the article, or only its first lines? A teaser sends
// the crawler to the article page (sources in `full` mode).

export interface TeaserRule {
  /** Fewer words than this and it is a teaser. */
  minWords: number;
  /** Text ending with one of these (case and trailing punctuation aside) is a teaser. */
  endings: string[];
}

export const DEFAULT_TEASER_RULE: TeaserRule = {
  minWords: 80,
  endings: [
    '…',
    '...',
    '[…]',
    '[...]',
    'Lire la suite',
    'Lire plus',
    'La suite',
    'Read more',
    'Continue reading',
    'اقرأ المزيد',
    'إقرأ المزيد',
    'المزيد',
    'تابع القراءة',
  ],
};

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu;

/** The words of a text, counted up to `max` at most (a teaser's test needs no more). */
export function countWords(text: string, max = Number.POSITIVE_INFINITY): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (n < max && WORD.exec(text) !== null) n++;
  return n;
}

/** A marker is looked for in the text's last characters only (a few words; more for a longer configured one). */
const TAIL_CHARS = 200;

export function isTeaser(text: string | null, rule: TeaserRule = DEFAULT_TEASER_RULE): boolean {
  if (!text?.trim()) return true;
  if (countWords(text, rule.minWords) < rule.minWords) return true;
  if (!rule.endings.length) return false;
  const trimmed = text.trim();
  const room = Math.max(TAIL_CHARS, ...rule.endings.map((e) => e.length * 2));
  const raw = trimmed.length > room ? trimmed.slice(-room) : trimmed;
  // Strip what trails the marker: closing brackets, quotes, arrows, dots.
  let tail = raw.replace(/[\s»"”')\]›>→.:]+$/u, '');
  // The last characters were all such marks: strip them from the whole text.
  if (tail === '' && raw !== trimmed) tail = trimmed.replace(/[\s»"”')\]›>→.:]+$/u, '');
  tail = tail.toLowerCase();
  const end = raw.toLowerCase();
  return rule.endings.some((e) => {
    const ending = e.toLowerCase();
    // "..." stripped of its dots is empty, and every text ends with "".
    const bare = ending.replace(/[.:]+$/u, '');
    return end.endsWith(ending) || (bare !== '' && tail.endsWith(bare));
  });
}
