// Feed dates as publishers really write them, to UTC.
//
// Written by hand rather than with a date library: the forms we must read
// (RFC 822 with sloppy zones, ISO 8601, French and Arabic month names, epoch
// seconds) are a small grammar, and the one hard part, "what offset does
// Africa/Casablanca have on that day" (UTC+1, but UTC+0 during Ramadan), is
// answered by the runtime's own time-zone data through Intl.DateTimeFormat.

const EARLIEST = Date.UTC(1990, 0, 1);
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

// Month names, accents and hamza removed, lower case (see normalize()).
const MONTHS: Record<string, number> = {
  // English
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
  // French
  janv: 1,
  janvier: 1,
  fev: 2,
  fevr: 2,
  fevrier: 2,
  mars: 3,
  avr: 4,
  avril: 4,
  mai: 5,
  juin: 6,
  juil: 7,
  juillet: 7,
  aou: 8,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  // Arabic: Moroccan (from French) and Middle-Eastern names
  يناير: 1,
  فبراير: 2,
  مارس: 3,
  ابريل: 4,
  ماي: 5,
  مايو: 5,
  يونيو: 6,
  يونيه: 6,
  يوليوز: 7,
  يوليو: 7,
  يوليه: 7,
  غشت: 8,
  اغسطس: 8,
  شتنبر: 9,
  سبتمبر: 9,
  اكتوبر: 10,
  نونبر: 11,
  نوفمبر: 11,
  دجنبر: 12,
  ديسمبر: 12,
};

// RFC 822 and the abbreviations publishers add, in minutes east of UTC.
const NAMED_ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  eet: 120,
  eest: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC, or null when the text gave no zone. */
  offset: number | null;
}

/**
 * Reads a feed date. A date written without a zone is read in `timezone`
 * (an IANA name). Returns null, never throws, when the text is not a date,
 * is before 1990, or is more than 24 hours after `now`.
 */
export function parseFeedDate(raw: string, timezone: string, now: Date): Date | null {
  try {
    const fields = readFields(raw);
    if (!fields) return null;
    const ms = toUtc(fields, timezone);
    if (ms === null || !Number.isFinite(ms)) return null;
    if (ms < EARLIEST || ms > now.getTime() + FUTURE_SLACK_MS) return null;
    return new Date(ms);
  } catch {
    return null;
  }
}

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[Tt\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

function readFields(raw: string): Fields | null {
  const text = raw.trim();
  if (text === '' || text.length > 100) return null;
  if (/^\d{1,11}$/.test(text)) return epochFields(Number(text) * 1000);
  if (/^\d{13}$/.test(text)) return epochFields(Number(text));
  const iso = ISO.exec(text);
  if (iso) {
    const fraction = iso[7] ? Number(`0.${iso[7]}`) : 0;
    return checked({
      year: Number(iso[1]),
      month: Number(iso[2]),
      day: Number(iso[3]),
      hour: Number(iso[4] ?? 0),
      minute: Number(iso[5] ?? 0),
      second: Number(iso[6] ?? 0),
      millisecond: Math.round(fraction * 1000),
      offset: iso[8] ? zoneOffset(iso[8]) : null,
    });
  }
  return readWords(text);
}

function epochFields(ms: number): Fields {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    offset: 0,
  };
}

// Arabic-Indic and Persian digits, tashkeel and tatweel, hamza forms.
function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .normalize('NFC')
    .replace(/[أإآ]/g, 'ا')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .toLowerCase();
}

const TIME =
  /(?:^|[\s,T])(\d{1,2})\s*(?::|h)\s*(\d{2})(?:\s*(?::|m(?:in)?)\s*(\d{2}))?(?:\s*s)?(?:\s*([ap])\.?m\.?)?(?![\d])/;
const ZONE_AFTER_TIME = /^\s*(?:\(?(gmt|utc|ut)\)?\s*)?([+-]\d{1,2}(?::?\d{2})?|[a-z]{1,5}\b)?/;

// RFC 822 and human forms: "Mon, 3 Mar 25 14:05 +01:00", "lundi 3 mars 2025 à 14h05",
// "1er janvier 2025", "03 févr. 2025", "3 مارس 2025 - 14:05", "03/03/2025 14:05".
function readWords(raw: string): Fields | null {
  let text = normalize(raw);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let offset: number | null = null;
  const time = TIME.exec(text);
  if (time) {
    hour = Number(time[1]);
    minute = Number(time[2]);
    second = Number(time[3] ?? 0);
    if (time[4] === 'p' && hour < 12) hour += 12;
    if (time[4] === 'a' && hour === 12) hour = 0;
    const after = text.slice(time.index + time[0].length);
    const zone = ZONE_AFTER_TIME.exec(after);
    if (zone && (zone[1] || zone[2])) {
      const named = zone[2] && /^[a-z]/.test(zone[2]) ? zone[2] : null;
      if (zone[2] && !named) offset = zoneOffset(zone[2]);
      else if (named && named in NAMED_ZONES) offset = NAMED_ZONES[named]!;
      else if (zone[1]) offset = 0;
      else if (named && named.length <= 4 && /^[a-z]+$/.test(named)) {
        // An unknown zone abbreviation: better no date than a wrong one by hours.
        if (!isWordWeIgnore(named)) return null;
      }
    }
    text = text.slice(0, time.index) + ' ' + after.slice(zone ? zone[0].length : 0);
  }
  const tokens = text.split(/[\s,،./\-()]+/).filter((t) => t !== '');
  const numbers: string[] = [];
  const months: number[] = [];
  for (const token of tokens) {
    const ordinal = /^(\d{1,4})(?:er|e|re|st|nd|rd|th)$/.exec(token);
    if (/^\d{1,4}$/.test(token)) numbers.push(token);
    else if (ordinal) numbers.push(ordinal[1]!);
    else {
      const month = MONTHS[token] ?? MONTHS[token.replace(/\.$/, '')];
      if (month !== undefined) months.push(month);
    }
  }
  let year: number;
  let month: number;
  let day: number;
  if (months.length > 0) {
    // "mar. 4 mars 2025": a day abbreviation can look like a month; the last month word wins.
    month = months[months.length - 1]!;
    const yearIndex = numbers.findIndex((n) => n.length === 4);
    if (yearIndex !== -1) {
      year = Number(numbers[yearIndex]);
      numbers.splice(yearIndex, 1);
      if (numbers.length < 1) return null;
      day = Number(numbers[0]);
    } else {
      if (numbers.length < 2) return null;
      day = Number(numbers[0]);
      year = twoDigitYear(Number(numbers[1]));
    }
  } else {
    // All numbers: ISO-like year first, else day first as French and Arabic write it.
    if (numbers.length !== 3) return null;
    const [a, b, c] = numbers as [string, string, string];
    if (a.length === 4) {
      year = Number(a);
      month = Number(b);
      day = Number(c);
    } else {
      day = Number(a);
      month = Number(b);
      year = c.length === 4 ? Number(c) : twoDigitYear(Number(c));
    }
  }
  return checked({ year, month, day, hour, minute, second, millisecond: 0, offset });
}

// Words that may follow a time without being a zone ("14:05 le matin" is not a thing,
// but "14h05 par Rédaction" is).
function isWordWeIgnore(word: string): boolean {
  return ['par', 'by', 'le', 'la', 'et', 'a', 'am', 'pm', 'mis', 'maj'].includes(word);
}

function twoDigitYear(y: number): number {
  return y < 100 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

function zoneOffset(zone: string): number | null {
  const z = zone.toLowerCase();
  if (z in NAMED_ZONES) return NAMED_ZONES[z]!;
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) return null;
  return m[1] === '-' ? -minutes : minutes;
}

function checked(f: Fields): Fields | null {
  if (f.month < 1 || f.month > 12 || f.day < 1) return null;
  if (f.day > new Date(Date.UTC(f.year, f.month, 0)).getUTCDate()) return null;
  if (f.hour > 24 || f.minute > 59 || f.second > 60) return null;
  if (f.hour === 24 && (f.minute > 0 || f.second > 0)) return null;
  return f;
}

function toUtc(f: Fields, timezone: string): number | null {
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, Math.min(f.second, 59), f.millisecond);
  if (f.offset !== null) return wall - f.offset * 60_000;
  // The zone's offset at that wall time: guess, then correct once for a DST jump.
  const first = zoneOffsetAt(wall, timezone);
  if (first === null) return wall;
  let utc = wall - first;
  const second = zoneOffsetAt(utc, timezone);
  if (second !== null && second !== first) utc = wall - second;
  return utc;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** The zone's offset from UTC at an instant, in milliseconds, or null for an unknown zone. */
export function zoneOffsetAt(utcMs: number, timezone: string): number | null {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      formatter = null; // an unknown zone name: read as UTC rather than fail the feed
    }
    formatters.set(timezone, formatter);
  }
  if (formatter === null) return null;
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts['year']!,
    parts['month']! - 1,
    parts['day']!,
    parts['hour']!,
    parts['minute']!,
    parts['second']!,
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}
