// src/fetch: every HTTP request the crawler makes goes through createHttpClient.
export * from './types.ts';
export { createHttpClient } from './client.ts';
export {
  defaultHttpClientOptions,
  kiosqueUserAgent,
  DEFAULT_CONTACT_URL,
  DEFAULT_MAX_BYTES,
  DEFAULT_BODY_BUDGET_BYTES,
} from './options.ts';
export { ByteBudget, type BodyAllowance } from './byte-budget.ts';
export {
  checkUrlTarget,
  isForbiddenAddress,
  forbiddenRange,
  isAllowedHost,
  normalizeHost,
  blockedAddressError,
  systemResolver,
  type TargetCheck,
} from './address-guard.ts';
export {
  decodeBody,
  detectCharset,
  normalizeCharset,
  charsetFromContentType,
  charsetFromXmlDeclaration,
  charsetFromMeta,
  type CharsetSource,
  type DecodedBody,
} from './charset.ts';
export {
  classifyResponse,
  parseRetryAfter,
  isBotChallenge,
  DEFAULT_RETRY_AFTER_MS,
  type ResponseMeaning,
} from './response.ts';
export {
  RobotsCache,
  robotsPolicyFrom,
  robotsAgentToken,
  ROBOTS_TTL_MS,
  ROBOTS_FAILURE_TTL_MS,
} from './robots.ts';
export { OriginQueue, Semaphore } from './politeness.ts';
export { describeRequestError } from './errors.ts';
