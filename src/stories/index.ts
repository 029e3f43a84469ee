// Story clusters: which articles tell the same event. The pure core
// (normalisation, signatures, similarity, the join-or-start decision);
// the SQL is in src/store/story-queries.ts.
export { LEAD_WORDS, normalizeText, type StoryText, stem, storyTerms, words } from './normalize.ts';
export {
  BANDS,
  type BandEntry,
  bandEntries,
  bandHashes,
  bandsMeet,
  hashString,
  minhash,
  ROWS,
} from './signature.ts';
export {
  bestMatch,
  SAME_STORY_THRESHOLD,
  type StoryCandidate,
  type StoryMatch,
  sameStory,
  sharedTerms,
  similarity,
  type TermStats,
  termStatsOf,
  termWeight,
} from './similarity.ts';
