// The reader's site configuration: config/site.yaml (or the file KIOSQUE_SITE names).
//
// Editions (language, URL prefix, name, which sources), the site's time zone,
// its base URL for absolute links, and where <link rel="canonical"> points.
// A missing file means the defaults: French at /fr, Arabic at /ar. Like the
// sources file, it is read through the `yaml` node tree so that every wrong
// line is reported as file:line:column, all at once.
import { readFileSync } from 'node:fs';
import type { Document, Node, Pair } from 'yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { SLUG_PATTERN } from '../sources/index.ts';
import { KiosqueError } from '../util/errors.ts';

export type EditionLanguage = 'fr' | 'ar';

export interface EditionConfig {
  language: EditionLanguage;
  /** '/fr', '/ar', or '/' for an edition at the root. Never ends with a slash except the root. */
  prefix: string;
  /** The site's name in this edition, in <title> and the header. */
  name: string;
  /** 'all': every source of the edition's language; else these slugs. */
  sources: 'all' | string[];
}

export interface SiteConfig {
  editions: EditionConfig[];
  timezone: string;
  /** Absolute, without a trailing slash: https://kiosque.example */
  baseUrl: string;
  /** publisher: rel=canonical names the original article; self: our own page. */
  canonical: 'publisher' | 'self';
}

export const DEFAULT_SITE_FILE = 'config/site.yaml';
export const DEFAULT_SITE_TIMEZONE = 'Africa/Casablanca';
export const DEFAULT_BASE_URL = 'http://localhost:3000';

export const DEFAULT_EDITIONS: readonly EditionConfig[] = [
  { language: 'fr', prefix: '/fr', name: 'Kiosque', sources: 'all' },
  { language: 'ar', prefix: '/ar', name: 'كيوسك', sources: 'all' },
];

/** The site's settings from the environment (KIOSQUE_SITE, KIOSQUE_BASE_URL), read by src/config. */
export interface SiteSettings {
  /** null or absent: config/site.yaml if it exists, else the defaults. */
  siteFile?: string | null;
  /** Already checked (checkBaseUrl). */
  baseUrl?: string;
}

export function defaultSiteConfig(settings: SiteSettings = {}): SiteConfig {
  return {
    editions: DEFAULT_EDITIONS.map((e) => ({ ...e })),
    timezone: DEFAULT_SITE_TIMEZONE,
    baseUrl: settings.baseUrl ?? DEFAULT_BASE_URL,
    canonical: 'publisher',
  };
}

export interface SiteConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class SiteConfigError extends KiosqueError {
  readonly problems: SiteConfigProblem[];
  constructor(problems: SiteConfigProblem[]) {
    super({
      kind: 'config',
      message: problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'),
    });
    this.name = 'SiteConfigError';
    this.problems = problems;
  }
}

/** An absolute http(s) URL without its trailing slash, or null. */
export function checkBaseUrl(raw: string): string | null {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.search || u.hash) return null;
    return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

/** Reads the site file (KIOSQUE_SITE, else config/site.yaml); a missing default file gives the defaults. */
export function loadSiteConfig(settings: SiteSettings = {}): SiteConfig {
  const path = settings.siteFile || DEFAULT_SITE_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // The default file may be absent; a file someone named must exist.
    if (code === 'ENOENT' && !settings.siteFile) return defaultSiteConfig(settings);
    throw new KiosqueError(
      {
        kind: 'config',
        message: `cannot read the site file ${path}: ${code === 'ENOENT' ? 'the file does not exist' : (err as Error).message}`,
      },
      { cause: err },
    );
  }
  return parseSiteConfig(text, path, settings);
}

const SITE_KEYS = ['editions', 'timezone', 'baseUrl', 'canonical'];
const EDITION_KEYS = ['language', 'prefix', 'name', 'sources'];
const PREFIX_PATTERN = /^\/(?:[a-z0-9-]{1,32})?$/;

/** Parses and checks the site file; throws SiteConfigError listing every wrong line. */
export function parseSiteConfig(text: string, file: string, settings: SiteSettings = {}): SiteConfig {
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problems: SiteConfigProblem[] = [];
  const report = (offset: number, message: string) => {
    const pos = lines.linePos(offset);
    problems.push({ file, line: pos.line, column: pos.col, message });
  };
  if (doc.errors.length) {
    for (const e of doc.errors) report(e.pos[0], `YAML syntax: ${(e.message.split('\n')[0] ?? '').trim()}`);
    throw new SiteConfigError(problems);
  }
  const config = defaultSiteConfig(settings);
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return config;
  if (!isMap(root)) {
    report(at(root), 'the site file must be a mapping (editions, timezone, baseUrl, canonical)');
    throw new SiteConfigError(problems);
  }
  for (const pair of root.items as Pair<Node, Node | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    const where = value ? at(value) : at(pair.key);
    switch (key) {
      case 'timezone': {
        const zone = scalarString(value);
        if (zone === null || !isTimeZone(zone))
          report(where, `timezone must be an IANA time zone such as "${DEFAULT_SITE_TIMEZONE}"`);
        else config.timezone = zone;
        break;
      }
      case 'baseUrl': {
        const raw = scalarString(value);
        const base = raw === null ? null : checkBaseUrl(raw);
        if (base === null)
          report(where, 'baseUrl must be an absolute http(s) URL such as https://kiosque.example');
        else config.baseUrl = base;
        break;
      }
      case 'canonical': {
        const v = scalarString(value);
        if (v !== 'publisher' && v !== 'self') report(where, 'canonical must be "publisher" or "self"');
        else config.canonical = v;
        break;
      }
      case 'editions': {
        const editions = checkEditions(value, report);
        if (editions) config.editions = editions;
        break;
      }
      default:
        report(at(pair.key), `unknown key "${key}" (expected one of ${SITE_KEYS.join(', ')})`);
    }
  }
  if (problems.length) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new SiteConfigError(problems);
  }
  return config;
}

type Report = (offset: number, message: string) => void;

function checkEditions(node: Node | null, report: Report): EditionConfig[] | null {
  if (!isSeq(node) || node.items.length === 0) {
    report(node ? at(node) : 0, 'editions must be a list of at least one edition');
    return null;
  }
  const out: EditionConfig[] = [];
  const prefixes = new Map<string, number>();
  let ok = true;
  node.items.forEach((raw, index) => {
    const item = raw as Node;
    const label = `(edition #${index + 1})`;
    if (!isMap(item)) {
      report(at(item), `each edition must be a mapping with language, prefix, name and sources ${label}`);
      ok = false;
      return;
    }
    const fields = new Map<string, Pair<Node, Node | null>>();
    for (const pair of item.items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!EDITION_KEYS.includes(key)) {
        report(at(pair.key), `unknown key "${key}" (expected one of ${EDITION_KEYS.join(', ')}) ${label}`);
        ok = false;
      } else fields.set(key, pair);
    }
    const valueAt = (key: string) => {
      const p = fields.get(key);
      return p?.value ? at(p.value) : p ? at(p.key) : at(item);
    };
    const language = scalarString(fields.get('language')?.value ?? null);
    if (language !== 'fr' && language !== 'ar') {
      report(valueAt('language'), `language must be "fr" or "ar" ${label}`);
      ok = false;
    }
    const prefix = scalarString(fields.get('prefix')?.value ?? null);
    if (prefix === null || !PREFIX_PATTERN.test(prefix)) {
      report(
        valueAt('prefix'),
        `prefix must be "/" or a path such as "/fr" (lowercase, no trailing slash) ${label}`,
      );
      ok = false;
    } else if (prefixes.has(prefix)) {
      report(
        valueAt('prefix'),
        `prefix "${prefix}" is already used by edition #${prefixes.get(prefix)} ${label}`,
      );
      ok = false;
    } else {
      prefixes.set(prefix, index + 1);
    }
    const nameField = fields.get('name');
    const name = nameField ? scalarString(nameField.value) : language === 'ar' ? 'كيوسك' : 'Kiosque';
    if (name === null || name.trim() === '') {
      report(valueAt('name'), `name must be a non-empty text ${label}`);
      ok = false;
    }
    let sources: 'all' | string[] = 'all';
    const sourcesField = fields.get('sources');
    if (sourcesField) {
      const v = sourcesField.value;
      if (isScalar(v) && v.value === 'all') sources = 'all';
      else if (isSeq(v)) {
        sources = [];
        for (const s of v.items as Node[]) {
          const slug = scalarString(s);
          if (slug === null || !SLUG_PATTERN.test(slug)) {
            report(at(s), `each source of an edition is a source slug ${label}`);
            ok = false;
          } else sources.push(slug);
        }
      } else {
        report(valueAt('sources'), `sources must be "all" or a list of source slugs ${label}`);
        ok = false;
      }
    }
    if (ok && (language === 'fr' || language === 'ar') && prefix !== null && name)
      out.push({ language, prefix, name: name.trim(), sources });
  });
  return ok ? out : null;
}

function at(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}

function scalarString(node: Node | null): string | null {
  return isScalar(node) && typeof node.value === 'string' ? node.value : null;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
