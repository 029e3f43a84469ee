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

export function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu);
  return m ? m.length : 0;
}

export function isTeaser(text: string | null, rule: TeaserRule = DEFAULT_TEASER_RULE): boolean {
  if (!text?.trim()) return true;
  if (countWords(text) < rule.minWords) return true;
  // Strip what trails the marker: closing brackets, quotes, arrows, dots.
  const tail = text
    .trim()
    .replace(/[\s»"”')\]›>→.:]+$/u, '')
    .toLowerCase();
  const raw = text.trim().toLowerCase();
  return rule.endings.some((e) => {
    const ending = e.toLowerCase();
    // "..." stripped of its dots is empty, and every text ends with "".
    const bare = ending.replace(/[.:]+$/u, '');
    return raw.endsWith(ending) || (bare !== '' && tail.endsWith(bare));
  });
}
