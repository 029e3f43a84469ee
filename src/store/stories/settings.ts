// How wide a story's window is and how long the index keeps an article, by
// default; the configuration (src/config) passes the operator's values in.

/** The default time window of a story, in hours either side of an article's publication. */
export const DEFAULT_STORY_WINDOW_HOURS = 72;

/**
 * Days of band rows and signatures kept by default (KIOSQUE_STORY_INDEX_DAYS):
 * how long an article can still be found as a candidate; at least twice the
 * window, so an article arriving a little late still meets its story.
 */
export const DEFAULT_STORY_INDEX_DAYS = 30;
