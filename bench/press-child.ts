// The fixture press server in its own process for the benchmark, so that
// serving feeds does not share the crawler's event loop.
import { startPressServer } from '../test/fixtures/press-server/index.ts';

process.once('message', async (msg: { feeds: number; entriesPerFeed: number; origins: number }) => {
  const server = await startPressServer({ publications: [], generated: { ...msg, language: 'mixed' } });
  process.send?.({ sourcesYaml: server.sourcesYaml(), allowHosts: server.allowHosts });
  process.once('disconnect', () => void server.close().then(() => process.exit(0)));
});
