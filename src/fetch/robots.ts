// robots.txt: fetched once per origin through the client itself (same address
// guard, size limit and politeness), kept for an hour. robots-parser reads the
// file because it follows the IETF robots standard (RFC 9309) including the
// longest-match rule and wildcards, which are easy to get subtly wrong.
import robotsParserModule from 'robots-parser';
import { KiosqueError } from '../util/errors.ts';
import type { FetchOutcome } from './types.ts';

/** How long a robots.txt that was read (or a clear 4xx) is trusted. */
export const ROBOTS_TTL_MS = 60 * 60_000;
/** A 5xx or unreachable robots.txt allows for now, and is asked again soon. */
export const ROBOTS_FAILURE_TTL_MS = 5 * 60_000;

// robots-parser is CommonJS (module.exports = function) but its types declare
// an ES default export; under NodeNext the default import is the function itself.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => RobotsRules;

export interface RobotsRules {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
}

export interface RobotsPolicy {
  /** null: everything is allowed. */
  rules: RobotsRules | null;
  ttlMs: number;
}

/** The product token robots.txt groups are matched against ("Kiosque/0.1 (+…)" → "Kiosque"). */
export function robotsAgentToken(userAgent: string): string {
  return /^[^\s/]+/.exec(userAgent.trim())?.[0] ?? '*';
}

/** The robots.txt URL for any URL of an origin. */
export function robotsUrlFor(url: URL): string {
  return `${url.origin}/robots.txt`;
}

/**
 * What a robots.txt answer means (RFC 9309 §2.3.1): a file → its rules; a
 * 4xx → no rules; a 5xx or no answer → allowed for now (a publisher's outage
 * should not stop the crawl) but asked again soon.
 */
export function robotsPolicyFrom(outcome: FetchOutcome, robotsUrl: string): RobotsPolicy {
  if (outcome.ok && !outcome.notModified) {
    return { rules: robotsParser(robotsUrl, outcome.text), ttlMs: ROBOTS_TTL_MS };
  }
  if (!outcome.ok) {
    const { kind, status } = outcome.error;
    if (kind === 'http_status' && status !== undefined && status >= 400 && status < 500) {
      return { rules: null, ttlMs: ROBOTS_TTL_MS };
    }
  }
  return { rules: null, ttlMs: ROBOTS_FAILURE_TTL_MS };
}

export type RobotsVerdict = { allowed: true } | { allowed: false; error: KiosqueError };

interface CacheEntry {
  policy: Promise<RobotsPolicy>;
  expires: number;
}

/**
 * A per-client cache of robots.txt policies by origin. Concurrent checks on
 * one origin share a single robots.txt request.
 */
export class RobotsCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly fetchRobots: (robotsUrl: string) => Promise<FetchOutcome>,
    private readonly agentToken: string,
    private readonly now: () => number = Date.now,
  ) {}

  async check(url: URL): Promise<RobotsVerdict> {
    const policy = await this.policyFor(url);
    if (!policy.rules) return { allowed: true };
    // undefined means "not this origin": cannot happen here, and is not a refusal.
    if (policy.rules.isAllowed(url.href, this.agentToken) === false) {
      return {
        allowed: false,
        error: new KiosqueError({
          kind: 'robots',
          message: `robots.txt of ${url.origin} disallows ${url.href} for ${this.agentToken}`,
          url: url.href,
        }),
      };
    }
    return { allowed: true };
  }

  private policyFor(url: URL): Promise<RobotsPolicy> {
    const origin = url.origin;
    const cached = this.entries.get(origin);
    if (cached && cached.expires > this.now()) return cached.policy;
    if (this.entries.size > 10_000) this.forgetExpired();
    const robotsUrl = robotsUrlFor(url);
    const entry: CacheEntry = {
      // Until the answer arrives, later callers wait on the same promise.
      expires: Number.POSITIVE_INFINITY,
      policy: this.fetchRobots(robotsUrl).then(
        (outcome) => robotsPolicyFrom(outcome, robotsUrl),
        () => ({ rules: null, ttlMs: ROBOTS_FAILURE_TTL_MS }),
      ),
    };
    this.entries.set(origin, entry);
    void entry.policy.then((policy) => {
      entry.expires = this.now() + policy.ttlMs;
    });
    return entry.policy;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [origin, entry] of this.entries) if (entry.expires <= now) this.entries.delete(origin);
  }
}
