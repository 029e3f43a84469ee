// Shared set-up for the crawl tests: the fixture press server, a fresh
// SQLite file, the real HTTP client and the real parser — no mocks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpClient, defaultHttpClientOptions, type HttpClient } from '../../src/fetch/index.ts';
import { type CrawlSummary, crawlOnce, Indexer, newWorkerId } from '../../src/ingest/index.ts';
import { parseSourcesFile } from '../../src/sources/index.ts';
import { openDatabase, Store, syncSources } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/log.ts';
import {
  type PressServer,
  type PressServerOptions,
  startPressServer,
} from '../fixtures/press-server/index.ts';
import type { SourcesYamlOptions } from '../fixtures/press-server/types.ts';
import { BACKENDS, type Backend } from '../store/backends.ts';

export interface CrawlWorld {
  server: PressServer;
  store: Store;
  indexer: Indexer;
  client: HttpClient;
  dir: string;
  sourcesPath: string;
  dbUrl: string;
  crawl(sourceSlug?: string): Promise<CrawlSummary>;
  close(): Promise<void>;
}

export async function crawlWorld(
  options: PressServerOptions = {},
  yaml: SourcesYamlOptions = {},
  backend: Backend = BACKENDS[0]!,
  editSources: (yaml: string) => string = (yaml) => yaml,
): Promise<CrawlWorld> {
  const server = await startPressServer(options);
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-crawl-'));
  const sourcesPath = join(dir, 'sources.yaml');
  const text = editSources(server.sourcesYaml(yaml));
  writeFileSync(sourcesPath, text);
  const database = await backend.create();
  const dbUrl = database.url;
  const store = new Store(await openDatabase(dbUrl));
  await syncSources(store, parseSourcesFile(text, sourcesPath));
  const client = createHttpClient({
    ...defaultHttpClientOptions({}),
    allowHosts: server.allowHosts,
    hostDelayMs: 0,
    totalTimeoutMs: 5000,
    headersTimeoutMs: 2000,
  });
  const indexer = new Indexer(store);
  const deps = { store, indexer, client, log: silentLogger, workerId: newWorkerId('test') };
  return {
    server,
    store,
    indexer,
    client,
    dir,
    sourcesPath,
    dbUrl,
    crawl: (sourceSlug) => crawlOnce(deps, { concurrency: 8, ...(sourceSlug ? { sourceSlug } : {}) }),
    async close() {
      await client.close();
      await indexer.stop();
      await store.close();
      await server.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every entry the server currently publishes, across all feeds of the given publications. */
export function publishedEntries(server: PressServer, slugs?: string[]) {
  return server.publications
    .filter((p) => !slugs || slugs.includes(p.slug))
    .flatMap((p) => p.feeds.flatMap((f) => p.entries(f.url).map((e) => ({ ...e, source: p.slug }))));
}
