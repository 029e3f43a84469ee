// Images and their moderation: the image proxy's rows and blocks (migration
// 0005_image_cache), the readers' reports, thresholds, rate limits, shared
// secrets and operators' decisions (0006_image_reports), and the site version
// that tells cached pages they are stale.
export { type ArticleImage, linkArticleImages } from './article-images.ts';
export { type ImageDecision, recordDecision } from './decisions.ts';
export {
  blockedImagesWithHash,
  blockImage,
  getImage,
  type ImageFetchRecord,
  isImageBlocked,
  recordImageFetch,
  type StoredImage,
  unblockImage,
} from './images.ts';
export {
  articlesUsingImages,
  blockedImageRows,
  type ImageArticleRow,
  type ReportedImageRow,
  reportedImageRow,
  reportedImageRows,
} from './moderation-lists.ts';
export { bumpRateCounter, purgeRateCounters } from './report-limits.ts';
export { countReports, dismissReports, type ReportRecord, recordReport } from './reports.ts';
export { getOrCreateSecret } from './secrets.ts';
export { readSiteVersion } from './site-version.ts';
export {
  imageThreshold,
  type SourceThreshold,
  setSourceReportThreshold,
  sourceReportThresholds,
} from './thresholds.ts';
