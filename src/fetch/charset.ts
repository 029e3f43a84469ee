// Bytes to text, the way browsers do it, with the lies publishers tell in mind.
//
// Order: byte-order mark, then the declarations (HTTP header, XML declaration,
// <meta>), then detection, then UTF-8. A declaration is believed only when the
// bytes agree with it: "utf-8" on bytes that are not UTF-8 is skipped, and a
// single-byte label on bytes that are valid multi-byte UTF-8 loses to UTF-8
// (real windows-1252 text is practically never valid UTF-8 by accident).
//
// iconv-lite decodes the single-byte charsets: Node 20's TextDecoder maps
// windows-1252 0x80-0x9F wrongly (’ œ € come out as C1 controls). chardet is
// consulted only when our own cheap checks (UTF-8 validity, the share of
// Arabic letters in windows-1256) cannot decide, because on short French
// snippets it answers "ASCII" or windows-1250 too often.
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { KiosqueError, toKiosqueError } from '../util/errors.ts';
import { repairMojibake } from '../util/text.ts';
import type { FetchKind } from './types.ts';

export type CharsetSource = 'bom' | 'header' | 'xml-declaration' | 'meta' | 'detected' | 'default';

export interface DecodedBody {
  text: string;
  /** Lower case: utf-8, windows-1252, windows-1256, ... ("binary" for images). */
  charset: string;
  /** How the charset was chosen; "none" for images, which are not decoded. */
  charsetSource: CharsetSource | 'none';
}

// WHATWG Encoding labels that browsers decode as windows-1252, Latin-1 and ASCII included.
const WINDOWS_1252_LABELS = new Set([
  'ansi_x3.4-1968',
  'ascii',
  'cp1252',
  'cp819',
  'csisolatin1',
  'ibm819',
  'iso-8859-1',
  'iso-ir-100',
  'iso8859-1',
  'iso88591',
  'iso_8859-1',
  'iso_8859-1:1987',
  'l1',
  'latin1',
  'us-ascii',
  'windows-1252',
  'x-cp1252',
]);
const UTF8_LABELS = new Set([
  'utf-8',
  'utf8',
  'unicode-1-1-utf-8',
  'unicode11utf8',
  'unicode20utf8',
  'x-unicode20utf8',
]);
const WINDOWS_1256_LABELS = new Set(['cp1256', 'windows-1256', 'x-cp1256']);
const ISO_8859_6_LABELS = new Set([
  'arabic',
  'asmo-708',
  'csiso88596e',
  'csiso88596i',
  'csisolatinarabic',
  'ecma-114',
  'iso-8859-6',
  'iso-8859-6-e',
  'iso-8859-6-i',
  'iso-ir-127',
  'iso8859-6',
  'iso88596',
  'iso_8859-6',
  'iso_8859-6:1987',
]);

/** The canonical lower-case name for a charset label, or null when unknown. */
export function normalizeCharset(label: string): string | null {
  const name = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (name === '') return null;
  if (UTF8_LABELS.has(name)) return 'utf-8';
  if (WINDOWS_1252_LABELS.has(name)) return 'windows-1252';
  if (WINDOWS_1256_LABELS.has(name)) return 'windows-1256';
  if (ISO_8859_6_LABELS.has(name)) return 'iso-8859-6';
  if (name === 'utf-16' || name === 'utf-16le' || name === 'unicode') return 'utf-16le';
  if (name === 'utf-16be') return 'utf-16be';
  return iconv.encodingExists(name) ? name : null;
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return match?.[2] ?? null;
}

/** encoding="…" of an XML declaration at the very start of the document. */
export function charsetFromXmlDeclaration(head: string): string | null {
  const match = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1] ?? null;
}

/** <meta charset="…"> or <meta http-equiv="Content-Type" content="…; charset=…">. */
export function charsetFromMeta(head: string): string | null {
  const match = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return match?.[1] ?? null;
}

export interface Utf8Stats {
  /** Well-formed sequences of two to four bytes. */
  multibyte: number;
  /** Bytes that are not part of a well-formed sequence. */
  invalid: number;
}

/** Counts well-formed multi-byte sequences and stray bytes (overlongs and surrogates are stray). */
export function utf8Stats(bytes: Uint8Array): Utf8Stats {
  let multibyte = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      invalid++;
      i++;
      continue;
    }
    let code = b & (0x3f >> need);
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) ok = false;
      else code = (code << 6) | (c & 0x3f);
    }
    if (ok && (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))) ok = false;
    if (ok) {
      multibyte++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { multibyte, invalid };
}

// High bytes that are Arabic letters or punctuation in windows-1256 but rare
// in French windows-1252 text (where 0xC0-0xDF are only capital accented letters).
const ARABIC_1256 = new Set<number>([
  0x81, 0x8d, 0x8e, 0x90, 0x98, 0xa1, 0xba, 0xbf, 0xe1, 0xe3, 0xe4, 0xe5, 0xe6, 0xec, 0xed, 0xf0, 0xf1, 0xf2,
  0xf3, 0xf5, 0xf6, 0xf8, 0xfa,
]);
for (let b = 0xc1; b <= 0xdf; b++) if (b !== 0xd7) ARABIC_1256.add(b);

/** Share of the non-ASCII bytes that read as Arabic letters in windows-1256. */
export function arabicShare(bytes: Uint8Array): number {
  let high = 0;
  let arabic = 0;
  for (const b of bytes) {
    if (b < 0x80) continue;
    high++;
    if (ARABIC_1256.has(b)) arabic++;
  }
  return high === 0 ? 0 : arabic / high;
}

// chardet names for the Latin and Arabic single-byte families: those we decide
// ourselves (windows-1252 or windows-1256), never by chardet's fine distinctions.
const LATIN_OR_ARABIC = /^(iso-8859-\d+|windows-125\d|ascii)$/i;

/** Guesses the charset of undeclared (or wrongly declared) bytes. */
export function detectCharset(bytes: Uint8Array, stats: Utf8Stats = utf8Stats(bytes)): string {
  if (stats.invalid === 0 || mostlyUtf8(stats)) return 'utf-8';
  if (arabicShare(bytes) >= 0.3) return 'windows-1256';
  // A sample is enough for chardet and keeps a 10 MB feed fast.
  const top = chardet.analyse(bytes.subarray(0, 64 * 1024))[0];
  if (top && top.confidence >= 60 && !LATIN_OR_ARABIC.test(top.name)) {
    const name = normalizeCharset(top.name);
    if (name && name !== 'utf-8') return name;
  }
  return 'windows-1252';
}

// A long UTF-8 document with one truncated character is still UTF-8.
function mostlyUtf8(stats: Utf8Stats): boolean {
  return stats.multibyte > 0 && stats.multibyte >= 8 * stats.invalid;
}

const BOMS: Array<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

function bomCharset(bytes: Uint8Array): { charset: string; length: number } | null {
  for (const [bom, charset] of BOMS) {
    if (bytes.length >= bom.length && bom.every((b, i) => bytes[i] === b))
      return { charset, length: bom.length };
  }
  return null;
}

/**
 * Decodes a response body. Pure: the same bytes and header always give the
 * same text. Throws a KiosqueError of kind bad_encoding when the result is
 * not text (mostly replacement characters or NULs).
 */
export function decodeBody(bytes: Buffer, contentType: string | null, kind: FetchKind): DecodedBody {
  if (kind === 'image') return { text: '', charset: 'binary', charsetSource: 'none' };
  const { charset, charsetSource, offset } = chooseCharset(bytes, contentType, kind);
  let text: string;
  try {
    const body = bytes.subarray(offset);
    // Well-formed UTF-8 reads the same through any decoder: Node's own is the
    // fastest. iconv would drop a leading BOM; so does this.
    if (charset === 'utf-8' && isUtf8(body)) {
      text = body.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    } else {
      text = iconv.decode(body, charset);
    }
  } catch (err) {
    throw new KiosqueError(
      { kind: 'bad_encoding', message: `Cannot decode the body as ${charset}` },
      { cause: err },
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkLooksLikeText(text, charset);
  return { text: repairMojibake(text), charset, charsetSource };
}

/**
 * decodeBody for a document fetched from `url`: its error names the URL.
 * The client decodes with it, and so does a worker thread given the bytes.
 */
export function decodeDocument(
  bytes: Buffer,
  contentType: string | null,
  kind: FetchKind,
  url: string,
): DecodedBody {
  try {
    return decodeBody(bytes, contentType, kind);
  } catch (err) {
    const error = toKiosqueError(err, 'bad_encoding');
    throw new KiosqueError({ kind: error.kind, message: `${error.message} (${url})`, url }, { cause: err });
  }
}

function chooseCharset(
  bytes: Buffer,
  contentType: string | null,
  kind: FetchKind,
): { charset: string; charsetSource: CharsetSource; offset: number } {
  const bom = bomCharset(bytes);
  if (bom) return { charset: bom.charset, charsetSource: 'bom', offset: bom.length };

  // Declarations are ASCII, so reading the head as Latin-1 finds them in any ASCII-compatible charset.
  const head = bytes.subarray(0, 8192).toString('latin1');
  const declared: Array<[string | null, CharsetSource]> = [
    [charsetFromContentType(contentType), 'header'],
    [charsetFromXmlDeclaration(head), 'xml-declaration'],
  ];
  if (kind === 'page' || /html/i.test(contentType ?? '')) declared.push([charsetFromMeta(head), 'meta']);

  let stats: Utf8Stats | undefined;
  for (const [label, source] of declared) {
    const charset = label ? normalizeCharset(label) : null;
    if (!charset) continue;
    if (charset === 'utf-8') {
      // isUtf8 is stats.invalid === 0, without a pass in JavaScript.
      if (isUtf8(bytes)) return { charset, charsetSource: source, offset: 0 };
      stats ??= utf8Stats(bytes);
      if (mostlyUtf8(stats)) return { charset, charsetSource: source, offset: 0 };
      continue; // "utf-8" on bytes that are not: look for a truer declaration, then detect.
    }
    stats ??= utf8Stats(bytes);
    if (!charset.startsWith('utf-') && stats.invalid === 0 && stats.multibyte > 0) {
      return { charset: 'utf-8', charsetSource: 'detected', offset: 0 };
    }
    return { charset, charsetSource: source, offset: 0 };
  }
  stats ??= utf8Stats(bytes);
  if (stats.invalid === 0 && stats.multibyte === 0)
    return { charset: 'utf-8', charsetSource: 'default', offset: 0 };
  return { charset: detectCharset(bytes, stats), charsetSource: 'detected', offset: 0 };
}

// Binary served as text (an image behind a feed URL, UTF-16 without a BOM
// read as UTF-8) decodes to mostly U+FFFD and NULs: say so instead of passing
// garbage to the feed parser.
/** What the loop below counts: U+FFFD, NUL and the C0 controls but tab, LF, FF and CR. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/;

function checkLooksLikeText(text: string, charset: string): void {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  // Text has none of them: one native scan instead of the count below.
  if (sample.length === 0 || !NOT_TEXT.test(sample)) return;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || c === 0 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c)) bad++;
  }
  if (bad / sample.length > 0.1) {
    throw new KiosqueError({
      kind: 'bad_encoding',
      message: `The body is not text in ${charset}: ${Math.round((100 * bad) / sample.length)}% of its characters are undecodable or control characters`,
    });
  }
}
