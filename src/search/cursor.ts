// A search's page cursor: the sort key of the last result shown (its score
// for relevance, and its index key), opaque to clients.

export type SearchSort = 'relevance' | 'date';

export interface SearchCursor {
  sort: SearchSort;
  score: number;
  key: number;
}

export function encodeSearchCursor(c: SearchCursor): string {
  return Buffer.from(c.sort === 'date' ? `d|${c.key}` : `r|${c.score}|${c.key}`).toString('base64url');
}

/** The cursor, or null when it is not one of ours (or not of this sort). */
export function decodeSearchCursor(cursor: string, sort: SearchSort): SearchCursor | null {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const m = sort === 'date' ? /^d\|(\d{1,16})$/.exec(raw) : /^r\|(\d{1,4})\|(\d{1,16})$/.exec(raw);
  if (!m) return null;
  const key = Number(sort === 'date' ? m[1] : m[2]);
  if (!Number.isSafeInteger(key)) return null;
  return { sort, score: sort === 'date' ? 0 : Number(m[1]), key };
}
