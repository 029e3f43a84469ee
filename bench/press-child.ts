// The fixture press server in its own process for the benchmark, so that
// serving feeds does not share the crawler's event loop.
import { startPressServer } from '../test/fixtures/press-server/index.ts';

process.once(
  'message',
  async (msg: { feeds: number; entriesPerFeed: number; origins: number; publishEveryMs?: number }) => {
    const { publishEveryMs, ...generated } = msg;
    const server = await startPressServer({
      publications: [],
      generated: { ...generated, language: 'mixed' },
    });
    process.send?.({ sourcesYaml: server.sourcesYaml(), allowHosts: server.allowHosts });
    // A busy press (bench:soak): one publication at random publishes an article every publishEveryMs.
    if (publishEveryMs) {
      setInterval(() => {
        const pub = server.publications[Math.floor(Math.random() * server.publications.length)];
        if (pub) server.publish(pub.slug, 1);
      }, publishEveryMs).unref();
    }
    process.once('disconnect', () => void server.close().then(() => process.exit(0)));
  },
);
