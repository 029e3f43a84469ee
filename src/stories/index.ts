// Story clusters: which articles tell the same event. The pure core
// (normalisation, signatures, similarity, the join-or-start decision, the
// stored articles a batch is weighed against, a batch's steps between its
// reads and writes); the SQL is in src/store/stories/.
export {
  addTermCounts,
  type BatchArticle,
  batchArticle,
  contestedBandHashes,
  byPublication,
  memberBounds,
  rowsByBand,
  runWindow,
  signatureTerms,
  storedUnder,
} from './batch.ts';
export {
  addBandRows,
  type BandRow,
  closeInTime,
  HOT_BAND_ROWS,
  indexTermStats,
  lookableBands,
  LOOKUP_TERMS,
  lookupBands,
  MAX_CANDIDATES,
  MIN_SHARED_TERMS,
  type Meeting,
  meetingArticles,
  ROWS_PER_BAND,
  storyCandidates,
  termCounts,
  windowAround,
  windowShare,
} from './candidates.ts';
export { storyTerms } from './concepts.ts';
export { isArabicArticle } from './script.ts';
export {
  COVERAGE_HOURS,
  isDay,
  isFigure,
  isInstitution,
  isName,
  isWhen,
  withinCoverage,
} from './evidence.ts';
export { LEAD_WORDS, normalizedWords, normalizeText, type StoryText, stem, words } from './normalize.ts';
export {
  type BandEntry,
  bandEntries,
  hashString,
  KEY_TERMS,
  NAME_KEYS,
  keyHashes,
  keysMeet,
  termKey,
} from './signature.ts';
export {
  bestMatch,
  hoursApart,
  NEAR_THRESHOLD,
  rankedMatches,
  rarity,
  SAME_STORY_THRESHOLD,
  type StoryCandidate,
  type StoryMatch,
  sameStory,
  sharedTerms,
  similarity,
  type TermStats,
  termStatsOf,
  termWeight,
  thresholdAt,
} from './similarity.ts';
