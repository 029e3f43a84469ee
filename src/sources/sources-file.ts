// Reads and checks the sources file (config/sources.yaml).
//
// Why the `yaml` package and its node tree rather than a plain parse to JS
// objects: every mistake must be reported with its file, line and column, and
// only the node tree (with a LineCounter) keeps where each value was written.
// The checker walks the tree itself, collects every problem in the file, and
// throws them all at once, so an operator fixes the file in one pass.

import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { KiosqueError } from '../util/errors.ts';
import { parseByteSize } from './size.ts';
import { RESERVED_SLUGS, SLUG_PATTERN } from './slug.ts';
import { closestWord } from './suggest.ts';
import type {
  FeedConfig,
  Language,
  SourceConfig,
  SourceExtractSettings,
  SourceFetchSettings,
  SourceMode,
} from './types.ts';
import { DEFAULT_TIMEZONE } from './types.ts';
import { normalizeHttpUrl } from './url.ts';

export interface SourcesFileProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** What is wrong, ending with the source it belongs to, e.g. `(source "le360")`. */
  message: string;
}

/** A sources file with one or more wrong lines; `message` lists them one per line as file:line:column: what. */
export class SourcesFileError extends KiosqueError {
  readonly problems: SourcesFileProblem[];

  constructor(problems: SourcesFileProblem[]) {
    super({ kind: 'config', message: problems.map(formatProblem).join('\n') });
    this.name = 'SourcesFileError';
    this.problems = problems;
  }
}

export function formatProblem(p: SourcesFileProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

const SOURCE_KEYS = [
  'slug',
  'name',
  'homepage',
  'language',
  'timezone',
  'feeds',
  'mode',
  'enabled',
  'fetch',
  'extract',
] as const;
const FEED_KEYS = ['url', 'category'] as const;
const FETCH_KEYS = ['userAgent', 'headers', 'maxBytes', 'hostDelayMs'] as const;
const EXTRACT_KEYS = ['body', 'remove'] as const;
const LANGUAGES: readonly Language[] = ['fr', 'ar'];
const MODES: readonly SourceMode[] = ['full', 'excerpt', 'title'];
// RFC 9110 token: what a header name may be made of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Reads the sources file at `path`; a missing or unreadable file is a `config` error naming the path. */
export async function loadSourcesFile(path: string): Promise<SourceConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : String((err as Error).message ?? err);
    throw new KiosqueError(
      { kind: 'config', message: `cannot read the sources file ${path}: ${why}` },
      { cause: err },
    );
  }
  return parseSourcesFile(text, path);
}

/**
 * Parses and checks a sources file. `fileName` is only used in messages.
 * Throws SourcesFileError listing every problem found, YAML syntax errors included.
 */
export function parseSourcesFile(text: string, fileName: string): SourceConfig[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const checker = new Checker(fileName, lineCounter, doc);
  if (doc.errors.length > 0) {
    // After a syntax error the tree is a guess: report the syntax and stop there.
    for (const error of doc.errors) {
      const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
      checker.problems.push({
        file: fileName,
        line: pos.line,
        column: pos.col,
        message: `YAML syntax: ${syntaxMessage(error.message)}`,
      });
    }
    throw new SourcesFileError(checker.problems);
  }
  const sources = checker.checkFile();
  if (checker.problems.length > 0) {
    checker.problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new SourcesFileError(checker.problems);
  }
  return sources;
}

// yaml's messages end with " at line 3, column 1:" and a code excerpt; we give the position ourselves.
function syntaxMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}

type Value = Node | null;

interface Field {
  key: Node;
  value: Value;
}

class Checker {
  readonly problems: SourcesFileProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly doc: Document,
  ) {}

  checkFile(): SourceConfig[] {
    const root = this.resolve(this.doc.contents as Value);
    if (root === null || (isScalar(root) && root.value === null)) {
      this.report(0, 'the file is empty: it needs a "sources:" list');
      return [];
    }
    if (!isMap(root)) {
      this.report(start(root), 'the file must be a mapping with a "sources:" list');
      return [];
    }
    const fields = this.fields(root, ['sources'], '');
    const list = fields.get('sources');
    if (!list) {
      this.report(start(root), 'the file needs a "sources:" list');
      return [];
    }
    const items = this.resolve(list.value);
    if (!isSeq(items)) {
      this.report(valueStart(list), `sources must be a list of sources, not ${describe(items)}`);
      return [];
    }
    const slugs = new Map<string, number>();
    const out: SourceConfig[] = [];
    items.items.forEach((item, index) => {
      const source = this.checkSource(item as Value, index, slugs);
      if (source) out.push(source);
    });
    return out;
  }

  private checkSource(item: Value, index: number, slugs: Map<string, number>): SourceConfig | null {
    const entry = this.resolve(item);
    if (!isMap(entry)) {
      this.report(
        start(item),
        `each source must be a mapping with slug, name, homepage, language and feeds, not ${describe(entry)} (source #${index + 1})`,
      );
      return null;
    }
    // The slug names the source in every other message, so read it first.
    const slugField = this.fieldsQuiet(entry).get('slug');
    const slugNode = slugField ? this.resolve(slugField.value) : null;
    const label =
      isScalar(slugNode) && typeof slugNode.value === 'string' && slugNode.value !== ''
        ? `source "${slugNode.value}"`
        : `source #${index + 1}`;
    const fields = this.fields(entry, SOURCE_KEYS, label);
    const problem = (at: number, message: string) => this.report(at, `${message} (${label})`);
    const required = (key: string, hint: string): Field | undefined => {
      const field = fields.get(key);
      if (!field) problem(start(entry), `${key} is required (${hint})`);
      return field;
    };

    const slug = this.checkSlug(required('slug', 'lowercase letters, digits and hyphens'), slugs, problem);
    const name = this.text(required('name', 'the name readers see'), 'name', problem);
    const homepage = this.url(
      required('homepage', 'the publication’s site, https://...'),
      'homepage',
      problem,
    );
    const language = this.oneOf(required('language', '"fr" or "ar"'), 'language', LANGUAGES, problem);
    const timezone = this.checkTimezone(fields.get('timezone'), problem);
    const feeds = this.checkFeeds(required('feeds', 'a list of feed URLs'), label, problem);
    const mode = fields.has('mode') ? this.oneOf(fields.get('mode'), 'mode', MODES, problem) : 'full';
    const enabled = this.checkEnabled(fields.get('enabled'), problem);
    const fetch = this.checkFetch(fields.get('fetch'), label, problem);
    const extract = this.checkExtract(fields.get('extract'), label, problem);

    if (slug === null || name === null || homepage === null || language === null || feeds === null)
      return null;
    const source: SourceConfig = {
      slug,
      name,
      homepage,
      language,
      timezone: timezone ?? DEFAULT_TIMEZONE,
      feeds,
      mode: mode ?? 'full',
      enabled: enabled ?? true,
    };
    if (fetch) source.fetch = fetch;
    if (extract) source.extract = extract;
    return source;
  }

  private checkSlug(field: Field | undefined, slugs: Map<string, number>, problem: Problem): string | null {
    const slug = this.text(field, 'slug', problem);
    if (slug === null || !field) return null;
    const at = valueStart(field);
    if (!SLUG_PATTERN.test(slug)) {
      problem(
        at,
        `slug "${slug}" must be 1 to 64 lowercase letters, digits and hyphens, not starting or ending with a hyphen`,
      );
      return null;
    }
    if (RESERVED_SLUGS.has(slug)) {
      problem(at, `slug "${slug}" is reserved: the site uses /${slug} for its own pages`);
      return null;
    }
    const firstLine = slugs.get(slug);
    if (firstLine !== undefined) {
      problem(at, `slug "${slug}" is already used by the source at line ${firstLine}`);
      return null;
    }
    slugs.set(slug, this.lines.linePos(at).line);
    return slug;
  }

  private checkTimezone(field: Field | undefined, problem: Problem): string | null {
    if (!field) return DEFAULT_TIMEZONE;
    const zone = this.text(field, 'timezone', problem);
    if (zone === null) return null;
    const canonical = canonicalTimeZone(zone);
    if (canonical === null) {
      problem(
        valueStart(field),
        `timezone must be an IANA time zone such as "${DEFAULT_TIMEZONE}", not "${zone}"`,
      );
    }
    return canonical;
  }

  private checkEnabled(field: Field | undefined, problem: Problem): boolean | null {
    if (!field) return true;
    const node = this.resolve(field.value);
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    problem(valueStart(field), `enabled must be true or false, not ${describe(node)}`);
    return null;
  }

  private checkFeeds(field: Field | undefined, label: string, problem: Problem): FeedConfig[] | null {
    if (!field) return null;
    const list = this.resolve(field.value);
    if (!isSeq(list) || list.items.length === 0) {
      problem(
        valueStart(field),
        isSeq(list)
          ? 'feeds must list at least one feed'
          : `feeds must be a list of feed URLs, not ${describe(list)}`,
      );
      return null;
    }
    const seen = new Map<string, number>();
    const feeds: FeedConfig[] = [];
    let ok = true;
    for (const raw of list.items as Value[]) {
      const item = this.resolve(raw);
      let feed: FeedConfig | null = null;
      let urlAt = start(raw);
      if (isScalar(item)) {
        const url = this.urlValue(item, start(raw), 'feed url', problem);
        if (url !== null) feed = { url };
      } else if (isMap(item)) {
        const feedFields = this.fields(item, FEED_KEYS, label);
        const urlField = feedFields.get('url');
        if (!urlField) {
          problem(start(item), 'feed url is required');
        } else {
          urlAt = valueStart(urlField);
          const url = this.url(urlField, 'feed url', problem);
          const categoryField = feedFields.get('category');
          const category = categoryField ? this.text(categoryField, 'category', problem) : undefined;
          if (url !== null && category !== null) feed = category === undefined ? { url } : { url, category };
        }
      } else {
        problem(
          start(raw),
          `each feed must be a URL or a mapping with url and category, not ${describe(item)}`,
        );
      }
      if (feed === null) {
        ok = false;
        continue;
      }
      const firstLine = seen.get(feed.url);
      if (firstLine !== undefined) {
        problem(urlAt, `feed ${feed.url} is listed twice (first at line ${firstLine})`);
        ok = false;
        continue;
      }
      seen.set(feed.url, this.lines.linePos(urlAt).line);
      feeds.push(feed);
    }
    return ok ? feeds : null;
  }

  private checkFetch(field: Field | undefined, label: string, problem: Problem): SourceFetchSettings | null {
    if (!field) return null;
    const node = this.resolve(field.value);
    if (!isMap(node)) {
      problem(
        valueStart(field),
        `fetch must be a mapping (userAgent, headers, maxBytes, hostDelayMs), not ${describe(node)}`,
      );
      return null;
    }
    const fields = this.fields(node, FETCH_KEYS, label);
    const out: SourceFetchSettings = {};
    const ua = fields.get('userAgent');
    if (ua) {
      const value = this.text(ua, 'fetch.userAgent', problem);
      if (value !== null && /[\r\n]/.test(value))
        problem(valueStart(ua), 'fetch.userAgent must fit on one line');
      else if (value !== null) out.userAgent = value;
    }
    const headersField = fields.get('headers');
    if (headersField) {
      const headers = this.checkHeaders(headersField, problem);
      if (headers) out.headers = headers;
    }
    const maxBytesField = fields.get('maxBytes');
    if (maxBytesField) {
      const value = this.resolve(maxBytesField.value);
      const raw = isScalar(value) ? value.value : undefined;
      const bytes = typeof raw === 'string' || typeof raw === 'number' ? parseByteSize(raw) : null;
      if (bytes === null) {
        problem(
          valueStart(maxBytesField),
          `fetch.maxBytes must be a positive whole number of bytes or a size like "5MB" or "512KB", not ${describe(value)}`,
        );
      } else {
        out.maxBytes = bytes;
      }
    }
    const delayField = fields.get('hostDelayMs');
    if (delayField) {
      const value = this.resolve(delayField.value);
      const raw = isScalar(value) ? value.value : undefined;
      if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) out.hostDelayMs = raw;
      else {
        problem(
          valueStart(delayField),
          `fetch.hostDelayMs must be a whole number of milliseconds, 0 or more, not ${describe(value)}`,
        );
      }
    }
    return out;
  }

  private checkHeaders(field: Field, problem: Problem): Record<string, string> | null {
    const node = this.resolve(field.value);
    if (!isMap(node)) {
      problem(
        valueStart(field),
        `fetch.headers must be a mapping of header names to values, not ${describe(node)}`,
      );
      return null;
    }
    const headers: Record<string, string> = {};
    for (const pair of node.items as Pair<Value, Value>[]) {
      const key = this.resolve(pair.key);
      const name = isScalar(key) ? String(key.value) : '';
      if (!HEADER_NAME.test(name)) {
        problem(start(pair.key), `fetch.headers: "${name}" is not a valid header name`);
        continue;
      }
      const value = this.resolve(pair.value);
      if (!isScalar(value) || typeof value.value !== 'string') {
        problem(
          pair.value ? start(pair.value) : start(pair.key),
          `fetch.headers.${name} must be text (quote it), not ${describe(value)}`,
        );
        continue;
      }
      // A line break in a header value would let the config inject headers.
      if (/[\r\n\0]/.test(value.value)) {
        problem(start(pair.value), `fetch.headers.${name} must fit on one line`);
        continue;
      }
      headers[name] = value.value;
    }
    return headers;
  }

  private checkExtract(
    field: Field | undefined,
    label: string,
    problem: Problem,
  ): SourceExtractSettings | null {
    if (!field) return null;
    const node = this.resolve(field.value);
    if (!isMap(node)) {
      problem(valueStart(field), `extract must be a mapping (body, remove), not ${describe(node)}`);
      return null;
    }
    const fields = this.fields(node, EXTRACT_KEYS, label);
    const out: SourceExtractSettings = {};
    const body = fields.get('body');
    if (body) {
      const value = this.text(body, 'extract.body', problem);
      if (value !== null) out.body = value;
    }
    const remove = fields.get('remove');
    if (remove) {
      const list = this.resolve(remove.value);
      if (!isSeq(list)) {
        problem(valueStart(remove), `extract.remove must be a list of CSS selectors, not ${describe(list)}`);
      } else {
        const selectors: string[] = [];
        for (const raw of list.items as Value[]) {
          const item = this.resolve(raw);
          if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') {
            selectors.push(item.value.trim());
          } else problem(start(raw), `extract.remove must list CSS selectors as text, not ${describe(item)}`);
        }
        out.remove = selectors;
      }
    }
    return out;
  }

  // --- values -------------------------------------------------------------

  /** A non-empty string value (a number is read as its text, e.g. `name: 2M` or `slug: 360`). */
  private text(field: Field | undefined, what: string, problem: Problem): string | null {
    if (!field) return null;
    const node = this.resolve(field.value);
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      const value = String(node.value).trim();
      if (value !== '') return value;
    }
    const empty =
      node === null || (isScalar(node) && (node.value === null || String(node.value).trim() === ''));
    problem(
      empty ? start(field.key) : valueStart(field),
      empty ? `${what} is empty` : `${what} must be text, not ${describe(node)}`,
    );
    return null;
  }

  private url(field: Field | undefined, what: string, problem: Problem): string | null {
    if (!field) return null;
    const node = this.resolve(field.value);
    if (!isScalar(node) || node.value === null || node.value === '') {
      problem(
        isScalar(node) ? start(field.key) : valueStart(field),
        `${what} must be an absolute http(s) URL, not ${describe(node)}`,
      );
      return null;
    }
    return this.urlValue(node, valueStart(field), what, problem);
  }

  private urlValue(node: Node, at: number, what: string, problem: Problem): string | null {
    const raw = isScalar(node) ? node.value : undefined;
    const url = typeof raw === 'string' ? normalizeHttpUrl(raw) : null;
    if (url === null) problem(at, `${what} must be an absolute http(s) URL, not ${describe(node)}`);
    return url;
  }

  private oneOf<T extends string>(
    field: Field | undefined,
    what: string,
    allowed: readonly T[],
    problem: Problem,
  ): T | null {
    if (!field) return null;
    const node = this.resolve(field.value);
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const choices = allowed.map((a) => `"${a}"`);
    const list =
      choices.length === 2 ? choices.join(' or ') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
    problem(valueStart(field), `${what} must be ${list}, not ${describe(node)}`);
    return null;
  }

  // --- tree helpers -------------------------------------------------------

  /** The mapping's fields by key; unknown keys are reported (with a did-you-mean when one is close). */
  private fields(map: Node, known: readonly string[], label: string): Map<string, Field> {
    const out = new Map<string, Field>();
    if (!isMap(map)) return out;
    const suffix = label ? ` (${label})` : '';
    for (const pair of map.items as Pair<Value, Value>[]) {
      const key = this.resolve(pair.key);
      const name = isScalar(key) ? String(key.value) : null;
      if (name === null || pair.key === null) {
        this.report(start(pair.key), `keys must be plain words${suffix}`);
        continue;
      }
      if (!known.includes(name)) {
        const guess = closestWord(name, known);
        const hint = guess ? ` (did you mean ${guess}?)` : ` (known keys: ${known.join(', ')})`;
        this.report(start(pair.key), `unknown key "${name}"${hint}${suffix}`);
        continue;
      }
      out.set(name, { key: pair.key, value: pair.value });
    }
    return out;
  }

  /** Fields without reporting anything: used to read the slug before the real check. */
  private fieldsQuiet(map: Node): Map<string, Field> {
    const out = new Map<string, Field>();
    if (!isMap(map)) return out;
    for (const pair of map.items as Pair<Value, Value>[]) {
      if (isScalar(pair.key) && pair.key !== null)
        out.set(String(pair.key.value), { key: pair.key, value: pair.value });
    }
    return out;
  }

  private resolve(node: Value | undefined): Value {
    if (node === undefined || node === null) return null;
    // Aliases are followed one level per call: the walk is bounded by the file's own shape.
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node;
  }

  report(offset: number, message: string): void {
    const pos = this.lines.linePos(offset);
    this.problems.push({ file: this.file, line: pos.line, column: pos.col, message });
  }
}

type Problem = (offset: number, message: string) => void;

function start(node: Value | undefined): number {
  return node?.range?.[0] ?? 0;
}

function valueStart(field: Field): number {
  // An empty value ("language:") has no place of its own: point at its key.
  return field.value?.range ? field.value.range[0] : start(field.key);
}

/** How a wrong value is quoted back in a message. */
function describe(node: Value): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === '') return 'nothing';
    if (typeof value === 'string')
      return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    return String(value);
  }
  return 'an alias';
}

/** The zone's canonical spelling, or null when it is not an IANA zone this runtime knows. */
export function canonicalTimeZone(zone: string): string | null {
  // Offsets such as "+01:00" are not zones: they ignore daylight saving time.
  if (!/^[A-Za-z]/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
