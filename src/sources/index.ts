// The source registry: the sources file, OPML in and out, and feed discovery.
// Other stages import from here, never from the files behind it.

export type {
  FeedConfig,
  Language,
  SourceConfig,
  SourceExtractSettings,
  SourceFetchSettings,
  SourceMode,
} from './types.ts';
export { DEFAULT_TIMEZONE } from './types.ts';
export type { SourcesFileProblem } from './sources-file.ts';
export {
  canonicalTimeZone,
  formatProblem,
  loadSourcesFile,
  parseSourcesFile,
  SourcesFileError,
} from './sources-file.ts';
export type { ImportedSource, OpmlImport } from './opml.ts';
export { escapeXml, parseOpml, readOpml, toOpml } from './opml.ts';
export type { MergeResult } from './merge.ts';
export { mergeIntoSourcesYaml, toYamlObject } from './merge.ts';
export { COMMON_FEED_PATHS, discoverFeedLinks, feedCandidates } from './discover.ts';
export {
  hasArabicScript,
  isValidSlug,
  RESERVED_SLUGS,
  SLUG_PATTERN,
  slugFromHost,
  slugify,
  uniqueSlug,
} from './slug.ts';
export { parseByteSize } from './size.ts';
export { normalizeHttpUrl, originOf } from './url.ts';
