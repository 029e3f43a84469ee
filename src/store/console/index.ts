// The operator's console's storage (migration 0007_console): operators,
// sessions, login attempts, the audit log, takedowns, console-made source
// changes and feed health. Every operator action writes its audit row in the
// same transaction as the change it records.
export { type Actor, type AuditEntry, audit, listAudit } from './audit.ts';
export { consoleCounts, type FeedHealth, feedHealth, median } from './health.ts';
export { FETCH_LOG_DAYS, type FeedPace, pruneFetchLog, type SourcePace, sourcePace } from './pace.ts';
export { failedLogins, recordLoginAttempt } from './login-attempts.ts';
export { findOperator, type Operator, saveOperator } from './operators.ts';
export { createSession, deleteSession, findSession, type SessionRecord } from './sessions.ts';
export {
  type ConsoleFeed,
  type ConsoleSource,
  createConsoleSource,
  knownFeedUrls,
  listConsoleSources,
  releaseSourceToFile,
  setConsoleSourceEnabled,
  updateConsoleSource,
} from './sources.ts';
export {
  articleForTakedown,
  articleIdByUrl,
  findArticleTakedown,
  listTakedowns,
  type Takedown,
  takeDownArticle,
  takeDownSource,
} from './takedowns.ts';
