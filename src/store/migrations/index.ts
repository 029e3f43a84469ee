// Every migration, in the order a database takes them. Append-only: a new
// migration is a new file and a new line at the end; a file already here is
// never edited (a database that ran it would not run it again, so an edit
// would make new databases differ from old ones). The names are the ones
// recorded in each database's kysely_migration table. Migration files import
// only kysely and this folder: what they do must not change when today's
// code does.
import * as crawler from './0001-crawler.ts';
import * as searchAndHosts from './0002-search-and-hosts.ts';
import * as articlePages from './0003-article-pages.ts';
import * as site from './0004-site.ts';
import * as imageCache from './0005-image-cache.ts';
import * as imageReports from './0006-image-reports.ts';
import * as operatorConsole from './0007-console.ts';
import * as stories from './0008-stories.ts';
import * as search from './0009-search.ts';
import * as readAlso from './0010-read-also.ts';
import * as storySources from './0011-story-sources.ts';
import * as storyPrune from './0012-story-prune.ts';
import * as storyIndexLean from './0013-story-index-lean.ts';
import * as indexQueue from './0014-index-queue.ts';
import * as searchTimeTags from './0015-search-time-tags.ts';
import * as columnNames from './0016-column-names.ts';
import * as sourceIndexCategory from './0017-source-index-category.ts';
import * as websub from './0018-websub.ts';
import * as entryPrints from './0019-entry-prints.ts';
import * as storyKeys from './0020-story-keys.ts';
import * as leasedPages from './0021-leased-pages.ts';
import * as storyIndexesPartial from './0022-story-indexes-partial.ts';
import type { MigrationUp } from './columns.ts';

export type { AnyDb, MigrationDialect, MigrationUp } from './columns.ts';

export const MIGRATIONS: ReadonlyArray<{ readonly name: string; readonly up: MigrationUp }> = [
  { name: '0001_crawler', up: crawler.up },
  { name: '0002_search_and_hosts', up: searchAndHosts.up },
  { name: '0003_article_pages', up: articlePages.up },
  { name: '0004_site', up: site.up },
  { name: '0005_image_cache', up: imageCache.up },
  { name: '0006_image_reports', up: imageReports.up },
  { name: '0007_console', up: operatorConsole.up },
  { name: '0008_stories', up: stories.up },
  { name: '0009_search', up: search.up },
  { name: '0010_read_also', up: readAlso.up },
  { name: '0011_story_sources', up: storySources.up },
  { name: '0012_story_prune', up: storyPrune.up },
  { name: '0013_story_index_lean', up: storyIndexLean.up },
  { name: '0014_index_queue', up: indexQueue.up },
  { name: '0015_search_time_tags', up: searchTimeTags.up },
  { name: '0016_column_names', up: columnNames.up },
  { name: '0017_source_index_category', up: sourceIndexCategory.up },
  { name: '0018_websub', up: websub.up },
  { name: '0019_entry_prints', up: entryPrints.up },
  { name: '0020_story_keys', up: storyKeys.up },
  { name: '0021_leased_pages', up: leasedPages.up },
  { name: '0022_story_indexes_partial', up: storyIndexesPartial.up },
];
