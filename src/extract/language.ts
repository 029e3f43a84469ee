// The article's language and writing direction. Declared first (<html lang>,
// og:locale, JSON-LD inLanguage, Content-Language); else read from the
// script of the text: Arabic letters make it Arabic, and among Latin-script
// texts a count of the commonest short words tells French from English.

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'syr']);

/** "fr_MA", "fr-FR", "FR" → "fr"; null when it is not a language tag. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const m = /^\s*([a-z]{2,3})(?:$|[-_\s])/i.exec(tag);
  if (!m) return null;
  const primary = m[1]!.toLowerCase();
  return primary === 'und' || primary === 'mul' || primary === 'zxx' ? null : primary;
}

const FRENCH = new Set([
  'le',
  'la',
  'les',
  'des',
  'du',
  'une',
  'est',
  'et',
  'dans',
  'pour',
  'qui',
  'que',
  'au',
  'sur',
  'par',
]);
const ENGLISH = new Set([
  'the',
  'and',
  'of',
  'to',
  'is',
  'in',
  'that',
  'for',
  'with',
  'was',
  'on',
  'are',
  'it',
]);

/** The language of a text from its letters; null when it cannot tell. */
export function detectLanguage(text: string): string | null {
  const sample = text.length > 20_000 ? text.slice(0, 20_000) : text;
  const arabic = (sample.match(/[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/g) ?? []).length;
  const latin = (sample.match(/[A-Za-z\u00C0-\u024F]/g) ?? []).length;
  if (arabic + latin < 20) return null;
  if (arabic > latin) return 'ar';
  let fr = 0;
  let en = 0;
  for (const w of sample.toLowerCase().match(/[a-zàâçéèêëîïôûùüÿœ]+/g) ?? []) {
    if (FRENCH.has(w)) fr++;
    else if (ENGLISH.has(w)) en++;
  }
  if (fr + en < 5) return null;
  return fr > en * 1.5 ? 'fr' : en > fr * 1.5 ? 'en' : null;
}

export function directionOf(
  declared: string | null | undefined,
  language: string | null,
): 'rtl' | 'ltr' | null {
  const d = declared?.trim().toLowerCase();
  if (d === 'rtl' || d === 'ltr') return d;
  if (!language) return null;
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
}
