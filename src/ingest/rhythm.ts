// A publication's rhythm by hour of the week, learned from its own history:
// when its articles came out over the last four weeks, in its own time zone
// (a newsroom's evening rush is an evening in Rabat, not in UTC). Pure: dates
// in, counts and rates out. The schedule (schedule.ts) spends the politeness
// budget with it: every minute in the rush, rarely in the quiet night.

import { zoneOffsetAt } from '../feeds/dates.ts';

export const HOURS_A_WEEK = 168;
/** How far back the rhythm looks. */
export const RHYTHM_WINDOW_DAYS = 28;
/** Less history than this says nothing yet about a week's shape. */
export const RHYTHM_MIN_DAYS = 14;
export const RHYTHM_MIN_ARTICLES = 28;
/**
 * An hour is quiet when the publication is expected to publish less than
 * this share of its mean hourly rate then, and less than QUIET_MAX_PER_HOUR.
 */
export const QUIET_SHARE = 0.15;
export const QUIET_MAX_PER_HOUR = 0.5;
/** An hour is a rush when it is expected to bring at least this many times the mean rate. */
export const RUSH_FACTOR = 2;

export interface Rhythm {
  /** Articles per hour-of-week slot (0 = Monday 00:00–01:00, local time) over `weeks`. */
  slots: number[];
  /** The weeks the counts cover (RHYTHM_MIN_DAYS/7 .. RHYTHM_WINDOW_DAYS/7). */
  weeks: number;
  /** Articles counted. */
  total: number;
  timezone: string;
}

/** What the rhythm says of one moment. */
export interface RhythmNow {
  /** Articles expected in this hour. */
  perHour: number;
  /** The publication's mean articles an hour over the week. */
  meanPerHour: number;
  quiet: boolean;
  rush: boolean;
  /** When the current quiet hours end (the next hour that is not quiet), or null when not quiet. */
  quietUntil: Date | null;
}

/** The hour-of-week slot of a moment in a time zone: 0 is Monday 00:00–01:00 there (an unknown zone: UTC). */
export function slotOf(at: Date, timezone: string, offsets?: Map<number, number>): number {
  const t = at.getTime();
  // A zone's offset is asked of Intl once an hour of time at most (it is the slow part).
  const hour = Math.floor(t / 3_600_000);
  let offset = offsets?.get(hour);
  if (offset === undefined) {
    offset = zoneOffsetAt(t, timezone) ?? 0;
    offsets?.set(hour, offset);
  }
  const local = new Date(t + offset);
  return ((local.getUTCDay() + 6) % 7) * 24 + local.getUTCHours();
}

/**
 * The rhythm of the articles published at `dates` (any order), or null when
 * the history is too short or too thin to tell a week's shape.
 */
export function learnRhythm(dates: readonly Date[], now: Date, timezone: string): Rhythm | null {
  const from = now.getTime() - RHYTHM_WINDOW_DAYS * 86_400_000;
  const slots = new Array<number>(HOURS_A_WEEK).fill(0);
  let oldest = Number.POSITIVE_INFINITY;
  let total = 0;
  const offsets = new Map<number, number>();
  for (const date of dates) {
    const t = date.getTime();
    if (!(t >= from && t <= now.getTime())) continue;
    slots[slotOf(date, timezone, offsets)]!++;
    oldest = Math.min(oldest, t);
    total++;
  }
  const days = (now.getTime() - oldest) / 86_400_000;
  if (total < RHYTHM_MIN_ARTICLES || !(days >= RHYTHM_MIN_DAYS)) return null;
  return { slots, weeks: Math.min(RHYTHM_WINDOW_DAYS, days) / 7, total, timezone };
}

/**
 * Articles expected in a slot: the slot with half weight on its neighbours
 * (a rush at 18:00 spills into 17:00 and 19:00), blended with the same hour
 * on every day of the week (four weeks give four samples of a slot, twenty-
 * eight of an hour of the day).
 */
export function expectedPerHour(rhythm: Rhythm, slot: number): number {
  const at = (s: number) => rhythm.slots[(s + HOURS_A_WEEK) % HOURS_A_WEEK]!;
  const own = (0.25 * at(slot - 1) + 0.5 * at(slot) + 0.25 * at(slot + 1)) / rhythm.weeks;
  let sameHour = 0;
  for (let day = 0; day < 7; day++) sameHour += at((slot % 24) + day * 24);
  return 0.5 * own + (0.5 * sameHour) / (7 * rhythm.weeks);
}

function isQuiet(perHour: number, mean: number): boolean {
  return perHour < QUIET_SHARE * mean && perHour < QUIET_MAX_PER_HOUR;
}

/** What the rhythm says of `now`: expected rate, quiet or rush, and when a quiet spell ends. */
export function rhythmAt(rhythm: Rhythm, now: Date): RhythmNow {
  const mean = rhythm.total / (rhythm.weeks * HOURS_A_WEEK);
  const slot = slotOf(now, rhythm.timezone);
  const perHour = expectedPerHour(rhythm, slot);
  const quiet = isQuiet(perHour, mean);
  let quietUntil: Date | null = null;
  if (quiet) {
    // The next whole hour that is not quiet (a quiet week-long spell cannot be: the mean is its own).
    const hourStart = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
    for (let h = 1; h <= HOURS_A_WEEK; h++) {
      if (!isQuiet(expectedPerHour(rhythm, (slot + h) % HOURS_A_WEEK), mean)) {
        quietUntil = new Date(hourStart + h * 3_600_000);
        break;
      }
    }
  }
  return { perHour, meanPerHour: mean, quiet, rush: perHour >= RUSH_FACTOR * mean, quietUntil };
}
