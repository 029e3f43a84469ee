// Every setting Kiosque reads from the environment, in one table: its
// variable, default, parser (which checks it) and a one-line doc. Nothing
// else in src reads process.env: the CLI calls loadConfig once and passes the
// values down. The README's configuration table is generated from OPTIONS
// (`kiosque config --markdown`) and a test keeps the two equal.
import { DEFAULT_CONTACT_URL, DEFAULT_HOST_DELAY_MS } from '../fetch/options.ts';
import { DEFAULT_FEED_REQUESTS_PER_HOUR } from '../ingest/schedule.ts';
import { DEFAULT_TEASER_RULE } from '../ingest/teaser.ts';
import { defaultPrepareThreads } from '../ingest/work-pool.ts';
import { TrustedProxies } from '../moderation/address.ts';
import { DEFAULT_REPORT_LIMITS, DEFAULT_REPORT_THRESHOLD } from '../moderation/config.ts';
import { DEFAULT_STORY_INDEX_DAYS, DEFAULT_STORY_WINDOW_HOURS } from '../store/index.ts';
import { DEFAULT_PAGE_CACHE_MB, DEFAULT_PAGE_MAX_AGE_S } from '../web/cache/page-cache.ts';
import {
  DEFAULT_IMAGE_CACHE_DIR,
  DEFAULT_IMAGE_CACHE_MB,
  DEFAULT_IMAGE_MAX_AGE_S,
} from '../web/images/proxy.ts';
import { checkBaseUrl, DEFAULT_BASE_URL, DEFAULT_SITE_FILE } from '../web/site-config.ts';
import { DEFAULT_SQLITE_CACHE_MB } from '../store/connect.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** SQLite's page cache, per process (KIOSQUE_SQLITE_CACHE_MB). */
  sqliteCacheMb: number;
  sourcesFile: string;
  allowHosts: string[];
  hostDelayMs: number;
  feedRequestsPerHour: number;
  contactUrl: string;
  /** Feeds polled at the same time by one worker. */
  concurrency: number;
  /** Threads that parse feeds and extract pages beside the crawler's own. */
  prepareThreads: number;
  /** How long a worker holds a feed it leased; a dead worker's feeds return after this. */
  leaseSeconds: number;
  /** How long an idle worker sleeps before it looks for due feeds again. */
  workerIdleMs: number;
  teaserMinWords: number;
  teaserEndings: string[];
  storyWindowHours: number;
  storyIndexDays: number;
  /** null: config/site.yaml if it exists, else the defaults; a named file must exist. */
  siteFile: string | null;
  baseUrl: string;
  /** WebSub: 'auto' subscribes when the site's address is not a loopback one (hubs must reach it). */
  websub: 'auto' | 'on' | 'off';
  imageCacheDir: string;
  imageCacheMb: number;
  imageMaxAgeS: number;
  pageCache: boolean;
  pageCacheMb: number;
  pageMaxAgeS: number;
  reportThreshold: number;
  reportLimitReader: number;
  reportLimitAddress: number;
  reportLimitWindowS: number;
  trustProxy: TrustedProxies | null;
  /** null: made once and kept in the database. */
  secret: string | null;
  logLevel: string;
  logFormat: 'json' | 'text';
}

export interface ConfigOption<T> {
  /** The environment variable. */
  name: string;
  /** The default as a reader writes it (README, `kiosque config`). */
  defaultText: string;
  doc: string;
  /** The raw value, trimmed and not empty, made a setting; throws what is expected ("must be …"). */
  parse(raw: string, prior: Partial<Config>): T;
  /** The setting when the variable is unset or empty (it may depend on settings read before it). */
  fallback(prior: Partial<Config>): T;
  /** Set but empty is a value, not the default (KIOSQUE_TEASER_ENDINGS="": no ending makes a teaser). */
  emptyIsValue?: boolean;
  /** How `kiosque config` shows a value (secrets masked). */
  show?(value: T): string;
}

export type ConfigTable = { [K in keyof Config]: ConfigOption<Config[K]> };

/** A value the option cannot take; loadConfig names the variable and the value. */
export class BadValue extends Error {}

function wholeNumber(min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new BadValue(`must be a whole number between ${min} and ${max}`);
    return n;
  };
}

// The report settings said "from 1 to" and refused "1e3"; kept as they were.
function countFromOne(max: number) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
      throw new BadValue(`must be a whole number from 1 to ${max}`);
    return Number(raw);
  };
}

function nonNegative(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new BadValue('must be a non-negative number');
  return n;
}

function text(name: string, fallback: string, doc: string): ConfigOption<string> {
  return { name, defaultText: fallback, doc, parse: (raw) => raw, fallback: () => fallback };
}

function list(raw: string, separator: string): string[] {
  return raw
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A password in a database URL (user:password@ or ?password=) is replaced by ****. */
export function maskDatabaseUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1****@')
    .replace(/([?&]password=)[^&]*/gi, '$1****');
}

function storyIndexMinimum(prior: Partial<Config>): number {
  return Math.ceil((2 * (prior.storyWindowHours ?? DEFAULT_STORY_WINDOW_HOURS)) / 24);
}

export const OPTIONS: ConfigTable = {
  port: {
    name: 'PORT',
    defaultText: '3000',
    doc: 'HTTP port of the site and the API',
    parse: wholeNumber(0, 65535),
    fallback: () => 3000,
  },
  host: text('HOST', '0.0.0.0', 'the address the web server listens on'),
  databaseUrl: {
    ...text(
      'DATABASE_URL',
      'sqlite:./data/kiosque.db',
      'the database: `sqlite:<path>`, or `postgres://user:password@host:5432/db`, optionally `?schema=name` to keep Kiosque’s tables in a schema of their own (created if missing)',
    ),
    show: maskDatabaseUrl,
  },
  sqliteCacheMb: {
    name: 'KIOSQUE_SQLITE_CACHE_MB',
    defaultText: String(DEFAULT_SQLITE_CACHE_MB),
    doc: 'SQLite’s page cache per process: the indexes an insert touches stay in memory (64 keeps the cost per entry flat to a million articles; 16 on a 1 GB server)',
    parse: wholeNumber(1, 4096),
    fallback: () => DEFAULT_SQLITE_CACHE_MB,
  },
  sourcesFile: text('KIOSQUE_SOURCES', 'config/sources.yaml', 'the sources file'),
  allowHosts: {
    name: 'KIOSQUE_ALLOW_HOSTS',
    defaultText: '',
    doc: 'comma-separated hosts or addresses the crawler may reach although they are private or loopback (tests, the demo, an intranet)',
    parse: (raw) => list(raw, ','),
    fallback: () => [],
    show: (hosts) => hosts.join(','),
  },
  hostDelayMs: {
    name: 'KIOSQUE_HOST_DELAY_MS',
    defaultText: String(DEFAULT_HOST_DELAY_MS),
    doc: 'minimum delay between two requests to one host',
    parse: wholeNumber(0, 600_000),
    fallback: () => DEFAULT_HOST_DELAY_MS,
  },
  feedRequestsPerHour: {
    name: 'KIOSQUE_FEED_REQUESTS_PER_HOUR',
    defaultText: String(DEFAULT_FEED_REQUESTS_PER_HOUR),
    doc: 'the politeness budget: at most this many feed requests an hour to one publication, shared by its feeds (a live one is asked every 90 s within it, every minute in its rush hours, rarely in its quiet hours; a feed that pushes by WebSub every 15 minutes)',
    parse: wholeNumber(1, 3600),
    fallback: () => DEFAULT_FEED_REQUESTS_PER_HOUR,
  },
  contactUrl: {
    name: 'KIOSQUE_CONTACT_URL',
    defaultText: DEFAULT_CONTACT_URL,
    doc: 'the contact URL sent in the User-Agent (`Kiosque/0.1 (+<url>)`): set it to a page where publishers can reach you',
    parse: (raw) => {
      if (!/^https?:\/\/|^mailto:/.test(raw))
        throw new BadValue('must be an http(s) or mailto: URL publishers can reach');
      return raw;
    },
    fallback: () => DEFAULT_CONTACT_URL,
  },
  concurrency: {
    name: 'KIOSQUE_CONCURRENCY',
    defaultText: '8',
    doc: 'feeds polled at once by one crawler process (`--concurrency` overrides it); one request at a time per host whatever this says',
    parse: wholeNumber(1, 256),
    fallback: () => 8,
  },
  prepareThreads: {
    name: 'KIOSQUE_PREPARE_THREADS',
    defaultText: '2 (1 on one core)',
    doc: 'threads of one crawler process that parse feeds and extract pages beside its own, which fetches and writes (each ~20 MB, ~10 MB more once it has extracted a page; a document over 1 MB is prepared alone); 1 lowers the peak of a crawl by ~30 MB and its speed by 10–15 % on two cores',
    parse: wholeNumber(1, 16),
    fallback: () => defaultPrepareThreads(),
  },
  leaseSeconds: {
    name: 'KIOSQUE_LEASE_SECONDS',
    defaultText: '600',
    // At least the longest feed run (60 s total limit, discovery included) with room to spare.
    doc: 'how long a worker holds the feeds it took (renewed every third of it while it works on them); a worker that dies gives them back when this runs out (at once, if another worker runs on the same machine)',
    parse: wholeNumber(5, 86_400),
    fallback: () => 600,
  },
  workerIdleMs: {
    name: 'KIOSQUE_WORKER_IDLE_MS',
    defaultText: '5000',
    doc: 'how long an idle worker sleeps before it looks for due feeds again',
    parse: wholeNumber(50, 600_000),
    fallback: () => 5000,
  },
  teaserMinWords: {
    name: 'KIOSQUE_TEASER_MIN_WORDS',
    defaultText: String(DEFAULT_TEASER_RULE.minWords),
    doc: 'a feed text with fewer words is a teaser: a `full` source then fetches the article page (a malformed value keeps the default)',
    // Lenient since it was introduced: a wrong value keeps the default rather than stopping the crawler.
    parse: (raw) => {
      const n = Number(raw);
      return Number.isInteger(n) && n >= 0 ? n : DEFAULT_TEASER_RULE.minWords;
    },
    fallback: () => DEFAULT_TEASER_RULE.minWords,
  },
  teaserEndings: {
    name: 'KIOSQUE_TEASER_ENDINGS',
    defaultText: DEFAULT_TEASER_RULE.endings.join('|'),
    doc: 'endings that make a feed text a teaser, separated by `|`; set but empty, none',
    parse: (raw) => list(raw, '|'),
    fallback: () => [...DEFAULT_TEASER_RULE.endings],
    emptyIsValue: true,
    show: (endings) => endings.join('|'),
  },
  storyWindowHours: {
    name: 'KIOSQUE_STORY_WINDOW_HOURS',
    defaultText: String(DEFAULT_STORY_WINDOW_HOURS),
    doc: 'how far before and after its publication an article looks for articles of the same story',
    parse: (raw) => {
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0 || n > 24 * 365)
        throw new BadValue('must be a number of hours greater than 0 (at most a year)');
      return n;
    },
    fallback: () => DEFAULT_STORY_WINDOW_HOURS,
  },
  storyIndexDays: {
    name: 'KIOSQUE_STORY_INDEX_DAYS',
    defaultText: String(DEFAULT_STORY_INDEX_DAYS),
    doc: 'how long an article stays in the story index (band hashes, terms) and can still be joined; at least twice the window (the default grows with it)',
    parse: (raw, prior) => {
      const minimum = storyIndexMinimum(prior);
      const n = Number(raw);
      if (!Number.isFinite(n) || n < minimum || n > 36_500)
        throw new BadValue(`must be a number of days from ${minimum} (twice the story window) to 36500`);
      return n;
    },
    fallback: (prior) => Math.max(DEFAULT_STORY_INDEX_DAYS, storyIndexMinimum(prior)),
  },
  siteFile: {
    name: 'KIOSQUE_SITE',
    defaultText: DEFAULT_SITE_FILE,
    doc: 'the site file: editions, time zone, public address, canonical links',
    parse: (raw) => raw,
    fallback: () => null,
    show: (file) => file ?? DEFAULT_SITE_FILE,
  },
  baseUrl: {
    name: 'KIOSQUE_BASE_URL',
    defaultText: DEFAULT_BASE_URL,
    doc: 'the site’s public address, for feeds, sitemaps and links (the site file’s `baseUrl` wins)',
    parse: (raw) => {
      const base = checkBaseUrl(raw);
      if (base === null)
        throw new BadValue('must be an absolute http(s) URL such as https://kiosque.example');
      return base;
    },
    fallback: () => DEFAULT_BASE_URL,
  },
  websub: {
    name: 'KIOSQUE_WEBSUB',
    defaultText: 'auto',
    doc: 'subscribe to the WebSub hubs that feeds name, so that they push news at once: `on`, `off`, or `auto` (on when the site’s address is not localhost: hubs call it back at `/websub/…`)',
    parse: (raw) => {
      const value = raw.toLowerCase();
      if (value !== 'auto' && value !== 'on' && value !== 'off')
        throw new BadValue('must be auto, on or off');
      return value;
    },
    fallback: () => 'auto',
  },
  imageCacheDir: text('KIOSQUE_IMAGE_CACHE', DEFAULT_IMAGE_CACHE_DIR, 'where the image proxy keeps images'),
  imageCacheMb: {
    name: 'KIOSQUE_IMAGE_CACHE_MB',
    defaultText: String(DEFAULT_IMAGE_CACHE_MB),
    doc: 'the image cache’s size; the least recently used go first',
    parse: nonNegative,
    fallback: () => DEFAULT_IMAGE_CACHE_MB,
  },
  imageMaxAgeS: {
    name: 'KIOSQUE_IMAGE_MAX_AGE_S',
    defaultText: String(DEFAULT_IMAGE_MAX_AGE_S),
    doc: 'after this, an image is asked again of its publisher (conditionally)',
    parse: nonNegative,
    fallback: () => DEFAULT_IMAGE_MAX_AGE_S,
  },
  pageCache: {
    name: 'KIOSQUE_PAGE_CACHE',
    defaultText: 'on',
    doc: '`off` renders every page on every request',
    parse: (raw) => raw.toLowerCase() !== 'off',
    fallback: () => true,
    show: (on) => (on ? 'on' : 'off'),
  },
  pageCacheMb: {
    name: 'KIOSQUE_PAGE_CACHE_MB',
    defaultText: String(DEFAULT_PAGE_CACHE_MB),
    doc: 'the in-process page cache’s size',
    parse: nonNegative,
    fallback: () => DEFAULT_PAGE_CACHE_MB,
  },
  pageMaxAgeS: {
    name: 'KIOSQUE_PAGE_MAX_AGE_S',
    defaultText: String(DEFAULT_PAGE_MAX_AGE_S),
    doc: '`Cache-Control: max-age` of pages',
    parse: nonNegative,
    fallback: () => DEFAULT_PAGE_MAX_AGE_S,
  },
  reportThreshold: {
    name: 'KIOSQUE_REPORT_THRESHOLD',
    defaultText: String(DEFAULT_REPORT_THRESHOLD),
    doc: 'distinct readers whose reports block an image (an operator may set another per source)',
    parse: countFromOne(1_000_000),
    fallback: () => DEFAULT_REPORT_THRESHOLD,
  },
  reportLimitReader: {
    name: 'KIOSQUE_REPORT_LIMIT_READER',
    defaultText: String(DEFAULT_REPORT_LIMITS.perReader),
    doc: 'image reports one reader (cookie) may send per window',
    parse: countFromOne(1_000_000),
    fallback: () => DEFAULT_REPORT_LIMITS.perReader,
  },
  reportLimitAddress: {
    name: 'KIOSQUE_REPORT_LIMIT_ADDRESS',
    defaultText: String(DEFAULT_REPORT_LIMITS.perAddress),
    doc: 'image reports one address (an IPv6 /64 as one) may send per window',
    parse: countFromOne(1_000_000),
    fallback: () => DEFAULT_REPORT_LIMITS.perAddress,
  },
  reportLimitWindowS: {
    name: 'KIOSQUE_REPORT_LIMIT_WINDOW_S',
    defaultText: String(DEFAULT_REPORT_LIMITS.windowS),
    doc: 'the report rate limits’ window, in seconds',
    parse: countFromOne(86_400),
    fallback: () => DEFAULT_REPORT_LIMITS.windowS,
  },
  trustProxy: {
    name: 'KIOSQUE_TRUST_PROXY',
    defaultText: '',
    doc: 'the reverse proxies in front (addresses or CIDR ranges, comma-separated, or `loopback`): only from them are `X-Forwarded-For` and `X-Forwarded-Proto` believed; empty, the socket’s peer is the reader',
    // Its own message names the variable and the wrong entry.
    parse: (raw) => TrustedProxies.parse(raw),
    fallback: () => null,
    show: (trust) => trust?.entries.join(',') ?? '',
  },
  secret: {
    name: 'KIOSQUE_SECRET',
    defaultText: '(made once, kept in the database)',
    doc: 'at least 16 characters: the root of the report token key and of the salt of address hashes, the same in every process',
    parse: (raw) => {
      // The message never repeats the secret.
      if (raw.length < 16)
        throw new Error(`KIOSQUE_SECRET must be at least 16 characters long (it has ${raw.length})`);
      return raw;
    },
    fallback: () => null,
    show: (secret) => (secret === null ? '(made once, kept in the database)' : '****'),
  },
  logLevel: {
    name: 'LOG_LEVEL',
    defaultText: 'info',
    doc: 'pino level; logs are JSON lines on stderr',
    parse: (raw) => {
      if (!LOG_LEVELS.includes(raw)) throw new BadValue(`must be one of ${LOG_LEVELS.join(', ')}`);
      return raw;
    },
    fallback: () => 'info',
  },
  logFormat: {
    name: 'LOG_FORMAT',
    defaultText: 'json, or text on a terminal',
    doc: '`json`: one JSON line per event on stderr, for a log collector; `text`: plain lines for a person, feed failures summed up',
    parse: (raw) => {
      if (raw !== 'json' && raw !== 'text') throw new BadValue('must be json or text');
      return raw;
    },
    fallback: () => (process.stderr.isTTY ? 'text' : 'json'),
  },
};
