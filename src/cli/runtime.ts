// What every long-running command sets up: configuration, logger, database
// (migrated), sources file loaded and synced, HTTP client.
import { type Config, loadConfig } from '../config/index.ts';
import { createHttpClient, defaultHttpClientOptions, type HttpClient } from '../fetch/index.ts';
import { closeFeedParserPool } from '../feeds/pool.ts';
import { closeIngestPool, Indexer, setPrepareThreads } from '../ingest/index.ts';
import { loadSourcesFile } from '../sources/index.ts';
import type { SourceConfig } from '../sources/types.ts';
import { openDatabase, Store, syncSources } from '../store/index.ts';
import { createLogger, type Logger } from '../util/log.ts';

export interface Runtime {
  config: Config;
  log: Logger;
  store: Store;
  /** Indexes what this process stores; idle unless it crawls. */
  indexer: Indexer;
  client: HttpClient;
  sources: SourceConfig[];
  close(): Promise<void>;
}

export async function openRuntime(options: { log?: Logger; syncSources?: boolean } = {}): Promise<Runtime> {
  const config = loadConfig(process.env);
  const log = options.log ?? createLogger(config.logLevel, config.logFormat);
  setPrepareThreads(config.prepareThreads);
  // The sources file is checked before the database is touched: a wrong line stops the start.
  const sources = await loadSourcesFile(config.sourcesFile);
  const connection = await openDatabase(config.databaseUrl, { sqliteCacheMb: config.sqliteCacheMb });
  if (connection.alone)
    log.warn(
      `the disk that holds ${connection.describe} is full: this process holds the database alone (no other kiosque process can open it) until it restarts; free some space`,
    );
  const store = new Store(connection);
  const indexer = new Indexer(store, {
    storyWindowHours: config.storyWindowHours,
    onError: (err) =>
      log.error({ err }, 'indexing articles for stories and search failed (they stay queued)'),
  });
  if (options.syncSources !== false) await syncSources(store, sources);
  const client = createHttpClient(defaultHttpClientOptions(config));
  return {
    config,
    log,
    store,
    indexer,
    client,
    sources,
    async close() {
      await client.close();
      await closeFeedParserPool();
      await closeIngestPool();
      // The batch being indexed is committed; the rest stays queued.
      await indexer.stop();
      await store.close();
    },
  };
}
