// Dates in the site's time zone. Intl is slow to ask (a few µs per call), and
// a list page shows twenty dates, so the zone's offset is remembered per UTC
// hour: offsets change on hour boundaries in every zone the site may name.
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone, its offset per UTC hour (a number key: no string built per date). */
const offsets = new Map<string, Map<number, number>>();
let offsetCount = 0;
const HOUR = 3_600_000;

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The zone's offset from UTC at instant `ms`, in milliseconds (local = UTC + offset). */
export function zoneOffset(ms: number, tz: string): number {
  const hour = Math.floor(ms / HOUR);
  let zone = offsets.get(tz);
  const known = zone?.get(hour);
  if (known !== undefined) return known;
  const at = hour * HOUR;
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(at))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const local = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  const offset = local - at;
  if (offsetCount > 20_000) {
    offsets.clear();
    offsetCount = 0;
    zone = undefined;
  }
  if (!zone) {
    zone = new Map();
    offsets.set(tz, zone);
  }
  zone.set(hour, offset);
  offsetCount++;
  return offset;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** [year, month, day] of a local time given as milliseconds (UTC fields of ms + offset). */
function ymd(local: number): [string, string, string] | null {
  const d = new Date(local);
  const y = d.getUTCFullYear();
  // toISOString's own range and form (years past 9999 or before 0 are rare enough to take its path).
  if (y < 0 || y > 9999) return null;
  return [`${y}`.padStart(4, '0'), pad2(d.getUTCMonth() + 1), pad2(d.getUTCDate())];
}

/** "2026-11-29" for an ISO UTC time, in the zone. */
export function localDay(iso: string, tz: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const local = ms + zoneOffset(ms, tz);
  const p = ymd(local);
  return p ? `${p[0]}-${p[1]}-${p[2]}` : new Date(local).toISOString().slice(0, 10);
}

/** "29 - 11 - 2026", the way the regional aggregators print a date. */
export function displayDate(iso: string, tz: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = ymd(ms + zoneOffset(ms, tz));
  if (p) return `${p[2]} - ${p[1]} - ${p[0]}`;
  const day = localDay(iso, tz);
  return `${day.slice(8, 10)} - ${day.slice(5, 7)} - ${day.slice(0, 4)}`;
}

/** "14:05" in the zone. */
export function displayTime(iso: string, tz: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + zoneOffset(ms, tz)).toISOString().slice(11, 16);
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isDay(day: string): boolean {
  const m = DAY_PATTERN.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1970 || y > 9999) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The UTC instant of local midnight at the start of `day` in the zone. */
function localMidnight(day: string, tz: string): number {
  const guess = Date.parse(`${day}T00:00:00.000Z`);
  // Two rounds settle it, even across a change of offset that day.
  let t = guess - zoneOffset(guess, tz);
  t = guess - zoneOffset(t, tz);
  return t;
}

/** The UTC bounds [from, to) of a local day, or null when `day` is not a date. */
export function dayBounds(day: string, tz: string): { from: string; to: string } | null {
  if (!isDay(day)) return null;
  const next = new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    from: new Date(localMidnight(day, tz)).toISOString(),
    to: new Date(localMidnight(next, tz)).toISOString(),
  };
}

/** The day before, as YYYY-MM-DD. */
export function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);
}
