// src/moderation: image reports (who is a reader, rate limits, CSRF tokens,
// the threshold that blocks an image) and the operator's side of it (lists
// of reported and blocked images, block, confirm, unblock, thresholds).
export { clientAddress, normalizeAddress, readerKey, TrustedProxies } from './address.ts';
export {
  blockImageByOperator,
  confirmImageBlock,
  getModeratedImage,
  type ImageDecision,
  type ListImagesOptions,
  listBlockedImages,
  listReportedImages,
  listSourceThresholds,
  type ModeratedImage,
  type ModeratedImageArticle,
  type SourceThreshold,
  setSourceThreshold,
  unblockImageByOperator,
} from './admin.ts';
export {
  DEFAULT_REPORT_LIMITS,
  DEFAULT_REPORT_THRESHOLD,
  type ReportConfig,
  type ReportLimits,
  defaultReportConfig,
} from './config.ts';
export {
  isReaderId,
  Moderation,
  newReaderId,
  READER_COOKIE,
  type ReportOutcome,
  type ReportRequest,
} from './reports.ts';
