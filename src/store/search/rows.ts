// The index's rows as the search functions pass them around: candidates
// (matches read from the index) and scored keys.

export interface Candidate {
  key: number;
  articleId: number;
  titleNorm: string;
  leadNorm: string;
}

/** A candidate with, per flag tsquery (PostgreSQL), whether its tsvector matches it. */
export type FlaggedCandidate = Candidate & { flags: boolean[] };

export interface Scored {
  key: number;
  /** Known on PostgreSQL (the rows are read); on SQLite looked up for the page only. */
  articleId: number | null;
  score: number;
}

export type CandidateRow = {
  key: number | string;
  article_id: number;
  title_norm?: string;
  lead_norm?: string;
};

/** A row of the index as a candidate; its title and lead are '' when they were not read. */
export function toCandidate(r: CandidateRow): Candidate {
  return {
    key: Number(r.key),
    articleId: Number(r.article_id),
    titleNorm: r.title_norm ?? '',
    leadNorm: r.lead_norm ?? '',
  };
}
