// A source's fetch and extract settings, stored as one JSON column
// (sources.settings_json) and handed to callers parsed, once, where the row
// is read: the crawler and the console never parse the column themselves.
import type { SourceExtractSettings, SourceFetchSettings } from '../../sources/index.ts';

export interface SourceSettings {
  fetch: SourceFetchSettings;
  extract: SourceExtractSettings;
}

/**
 * The settings of a settings_json column. A column that does not parse (a
 * hand-edited row) gives the defaults, as the crawler always did: one bad
 * row must not stop the crawl of every source.
 */
export function parseSourceSettings(json: string): SourceSettings {
  try {
    const s = JSON.parse(json) as Partial<SourceSettings> | null;
    return { fetch: s?.fetch ?? {}, extract: s?.extract ?? {} };
  } catch {
    return { fetch: {}, extract: {} };
  }
}

/** A row read with `source_settings_json`, its settings parsed in its place. */
export function withSourceSettings<T extends { source_settings_json: string }>(
  row: T,
): Omit<T, 'source_settings_json'> & { source_settings: SourceSettings } {
  const { source_settings_json, ...rest } = row;
  return { ...rest, source_settings: parseSourceSettings(source_settings_json) };
}
