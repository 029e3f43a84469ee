// The kinds of evidence a term is, for weighing two articles
// (./similarity.ts): a figure (a score, a toll, a rate, an amount), a name
// (a person, a team, a place: the phonetic key "~…" of ./concepts.ts), an
// institution ("=bam": ./aliases.ts), a day or a month ("@d7", "@m11"), or
// a plain word. Figures, names and institutions are an event's particulars:
// two outlets telling one event in their own words share few plain words
// and these.

const NUMBER = /^\d[\d.]*$/;
const YEAR = /^(?:19|20)\d\d$/;

/**
 * How many hours apart two articles can be and still be one event's
 * coverage by several outlets: an event's angles (a reaction, a
 * consequence, the figures published with it) come within a day and a half.
 */
export const COVERAGE_HOURS = 72;

/** A count, a score, a toll, a rate: not a year, which two different events share. */
export function isFigure(term: string): boolean {
  return NUMBER.test(term) && !YEAR.test(term);
}

/** A day or a month: it tells events apart but never brings two together. */
export function isWhen(term: string): boolean {
  return term.startsWith('@');
}

/** A day of the week ("@d3"), not a month ("@m05"). */
export function isDay(term: string): boolean {
  return term.startsWith('@d');
}

/** A name's key or an institution's concept. */
export function isName(term: string): boolean {
  return term.startsWith('~') || term.startsWith('=');
}

/** An institution's concept ("=bam": ./aliases.ts), whatever name or language an article gave it. */
export function isInstitution(term: string): boolean {
  return term.startsWith('=');
}

/** Whether two articles were published within COVERAGE_HOURS of each other (false when not known). */
export function withinCoverage(hoursApart: number | undefined): boolean {
  return hoursApart !== undefined && Number.isFinite(hoursApart) && Math.abs(hoursApart) <= COVERAGE_HOURS;
}
