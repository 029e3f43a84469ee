// The rules of image reports. A reader is told apart by a salted hash of
// their address (an IPv6 /64 as one) and, when their browser keeps it, a
// first-party cookie: a report is a duplicate when the same address OR the
// same cookie already reported the image, and readers are counted by address,
// so neither clearing cookies nor a made-up X-Forwarded-For turns one person
// into several. When the distinct readers reach the image's threshold (the
// default, or the highest its sources set), the image is blocked: pages and
// /img/<id> then show the placeholder, as does the same picture anywhere
// else (same bytes).
//
// The CSRF token is the same for every reader (pages are cached and shared):
// an HMAC of the time bucket under a server key, accepted in its bucket and
// the next. What stops cross-site forgery is the same-origin Origin (or
// Referer) the route demands; the token stops a forged form from a page that
// cannot read ours.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { blockImage, getImage, isImageBlocked, type Store } from '../store/index.ts';
import { storageTrouble } from '../store/storage-errors.ts';
import {
  bumpRateCounter,
  countReports,
  getOrCreateSecret,
  imageThreshold,
  purgeRateCounters,
  recordDecision,
  recordReport,
} from '../store/index.ts';
import { readerKey } from './address.ts';
import { defaultReportConfig, type ReportConfig } from './config.ts';

/** The reader cookie's value: 128 random bits, base64url. */
export const READER_COOKIE = 'kiosque_reader';
const READER_ID = /^[A-Za-z0-9_-]{22}$/;

export function newReaderId(): string {
  return randomBytes(16).toString('base64url');
}

export function isReaderId(value: string | undefined | null): value is string {
  return typeof value === 'string' && READER_ID.test(value);
}

export type ReportOutcome =
  | { kind: 'not_found' }
  | { kind: 'rate_limited'; scope: 'reader' | 'address'; retryAfterS: number }
  | {
      /** 'reported': counted; 'duplicate': this reader had already reported it (nothing changes). */
      kind: 'reported' | 'duplicate';
      /** The image is blocked now (by this report, or before). */
      blocked: boolean;
    };

export interface ReportRequest {
  imageId: number;
  /** The reader's address (see clientAddress). */
  address: string;
  /** The reader cookie when the browser sent a valid one, else null. */
  readerId: string | null;
  now?: Date;
}

export class Moderation {
  private constructor(
    readonly store: Store,
    readonly config: ReportConfig,
    private readonly csrfKey: Buffer,
    private readonly salt: Buffer,
  ) {}

  /**
   * Reads (or makes, once, in the database) the keys every process must
   * share: the CSRF key and the address salt, both derived from
   * KIOSQUE_SECRET when it is set.
   */
  static async open(
    store: Store,
    config: ReportConfig = defaultReportConfig(),
    onFullDisk: () => void = () => {},
  ): Promise<Moderation> {
    const derive = (root: string, purpose: string) => createHmac('sha256', root).update(purpose).digest();
    if (config.secret !== null) {
      return new Moderation(
        store,
        config,
        derive(config.secret, 'csrf'),
        derive(config.secret, 'address-salt'),
      );
    }
    const make = () => randomBytes(32).toString('base64url');
    try {
      const [csrf, salt] = [
        await getOrCreateSecret(store, 'csrf', make),
        await getOrCreateSecret(store, 'address-salt', make),
      ];
      return new Moderation(store, config, Buffer.from(csrf), Buffer.from(salt));
    } catch (err) {
      // A first start on a full disk cannot store the keys: this process
      // keeps its own for now (reports cannot be stored either until there
      // is space), so the site still serves what is stored.
      if (storageTrouble(err) !== 'full') throw err;
      onFullDisk();
      return new Moderation(store, config, Buffer.from(make()), Buffer.from(make()));
    }
  }

  // ── CSRF ────────────────────────────────────────────────────────────

  private tokenFor(bucket: number): string {
    return createHmac('sha256', this.csrfKey)
      .update(`report-csrf:${bucket}`)
      .digest('base64url')
      .slice(0, 32);
  }

  private bucket(nowMs: number): number {
    return Math.floor(nowMs / 1000 / this.config.tokenBucketS);
  }

  private current: { bucket: number; token: string } | null = null;

  /** The token pages carry now: the same for every reader (made once per bucket). */
  csrfToken(nowMs: number = Date.now()): string {
    const bucket = this.bucket(nowMs);
    if (this.current?.bucket !== bucket) this.current = { bucket, token: this.tokenFor(bucket) };
    return this.current.token;
  }

  /** True for the token of the current time bucket or of the previous one. */
  verifyCsrfToken(token: unknown, nowMs: number = Date.now()): boolean {
    if (typeof token !== 'string' || token.length !== 32) return false;
    const given = Buffer.from(token);
    const b = this.bucket(nowMs);
    let ok = false;
    for (const candidate of [b, b - 1]) {
      const want = Buffer.from(this.tokenFor(candidate));
      if (want.length === given.length && timingSafeEqual(want, given)) ok = true;
    }
    return ok;
  }

  // ── Readers ─────────────────────────────────────────────────────────

  private hash(purpose: string, value: string): string {
    return createHmac('sha256', this.salt).update(`${purpose}:${value}`).digest('hex').slice(0, 32);
  }

  /** The stored form of an address: a salted hash of its reader key (an IPv6 /64 as one). */
  addressHash(address: string): string {
    return this.hash('address', readerKey(address) ?? address);
  }

  readerHash(readerId: string): string {
    return this.hash('reader', readerId);
  }

  // ── Reporting ───────────────────────────────────────────────────────

  /**
   * A reader reports an image: rate limits (per reader cookie and per
   * address, counted in the database so every process shares them), then
   * the report once per reader, then the block when enough readers did.
   */
  async report(r: ReportRequest): Promise<ReportOutcome> {
    const now = r.now ?? new Date();
    const addressHash = this.addressHash(r.address);
    const readerHash = r.readerId ? this.readerHash(r.readerId) : null;

    const { windowS, perReader, perAddress } = this.config.limits;
    const nowS = Math.floor(now.getTime() / 1000);
    const windowStart = nowS - (nowS % windowS);
    const retryAfterS = Math.max(1, windowStart + windowS - nowS);
    const byAddress = await bumpRateCounter(this.store, `address:${addressHash}`, windowStart);
    if (byAddress > perAddress) return { kind: 'rate_limited', scope: 'address', retryAfterS };
    if (readerHash) {
      const byReader = await bumpRateCounter(this.store, `reader:${readerHash}`, windowStart);
      if (byReader > perReader) return { kind: 'rate_limited', scope: 'reader', retryAfterS };
    }
    // Old windows go now and then (one attempt in fifty), not on every report.
    if (Math.random() < 0.02) await purgeRateCounters(this.store, windowStart - windowS);

    const image = await getImage(this.store, r.imageId);
    if (!image) return { kind: 'not_found' };
    const recorded = await recordReport(this.store, {
      imageId: r.imageId,
      addressHash,
      readerHash,
      at: now,
    });
    if (!recorded) return { kind: 'duplicate', blocked: await isImageBlocked(this.store, r.imageId) };
    // Counted after the insert committed: of reports arriving together, the
    // last to count sees them all, so the threshold is never stepped over.
    const [count, threshold] = await Promise.all([
      countReports(this.store, r.imageId),
      imageThreshold(this.store, r.imageId, this.config.threshold),
    ]);
    if (count >= threshold && !image.blocked) {
      await blockImage(this.store, r.imageId, now);
      await recordDecision(this.store, r.imageId, 'blocked', 'reports', `${count} readers reported it`, now);
      return { kind: 'reported', blocked: true };
    }
    return { kind: 'reported', blocked: image.blocked || (await isImageBlocked(this.store, r.imageId)) };
  }
}
