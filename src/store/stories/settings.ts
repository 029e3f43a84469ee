// How wide a story's window is and how long the index keeps an article,
// read from the environment (to be re-pointed at the configuration table).
import { KiosqueError } from '../../util/errors.ts';

/** The default time window of a story, in hours either side of an article's publication. */
export const DEFAULT_STORY_WINDOW_HOURS = 72;

/** Days of band rows and signatures kept by default (KIOSQUE_STORY_INDEX_DAYS). */
export const DEFAULT_STORY_INDEX_DAYS = 30;

/** KIOSQUE_STORY_WINDOW_HOURS, checked: a positive number of hours (default 72). */
export function storyWindowHours(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.KIOSQUE_STORY_WINDOW_HOURS?.trim();
  if (!raw) return DEFAULT_STORY_WINDOW_HOURS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 365) {
    throw new KiosqueError({
      kind: 'config',
      message: `KIOSQUE_STORY_WINDOW_HOURS "${raw}" must be a number of hours greater than 0 (at most a year)`,
    });
  }
  return n;
}

/**
 * KIOSQUE_STORY_INDEX_DAYS, checked: how long an article can still be found
 * as a candidate (default 30 days; at least twice the window, so an article
 * arriving a little late still meets its story).
 */
export function storyIndexDays(env: NodeJS.ProcessEnv = process.env): number {
  const minimum = Math.ceil((2 * storyWindowHours(env)) / 24);
  const raw = env.KIOSQUE_STORY_INDEX_DAYS?.trim();
  if (!raw) return Math.max(DEFAULT_STORY_INDEX_DAYS, minimum);
  const n = Number(raw);
  if (!Number.isFinite(n) || n < minimum || n > 36_500) {
    throw new KiosqueError({
      kind: 'config',
      message: `KIOSQUE_STORY_INDEX_DAYS "${raw}" must be a number of days from ${minimum} (twice the story window) to 36500`,
    });
  }
  return n;
}
