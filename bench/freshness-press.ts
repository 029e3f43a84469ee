// The live press of bench:freshness, in a process of its own: one
// publication per origin, each publishing at random (a Poisson process) at
// its own mean gap, faster during a rush hour. It logs when each article
// went out (wall clock, not the entry's date: the fixture dates entries at
// least a minute apart) and, when asked, reports the log and every feed
// request it answered.
import { startPressServer } from '../test/fixtures/press-server/index.ts';

export interface FreshnessPressOptions {
  publications: number;
  /** Mean gap between two articles of a publication, seconds, dealt in turn. */
  gapsS: number[];
  /** The rush: from..to seconds after `go`, every publication publishes `factor` times as often. */
  rush: { fromS: number; toS: number; factor: number };
  /** The first n publications push by WebSub through the press's hub. */
  pushing: number;
}

export interface Published {
  slug: string;
  url: string;
  at: number;
}

export interface FeedRequest {
  origin: string;
  /** Its User-Agent: Kiosque's, or the floor poller's. */
  agent: string;
  startedAt: number;
  endedAt: number | null;
}

process.once('message', async (options: FreshnessPressOptions) => {
  const server = await startPressServer({
    publications: [],
    generated: {
      feeds: options.publications,
      entriesPerFeed: 20,
      origins: options.publications,
      language: 'mixed',
      // The history each feed shows at start is its own rhythm (minutes).
      historyGapMinutes: options.gapsS.map((s) => Math.max(1, Math.round(s / 60))),
      websub: options.pushing,
    },
  });
  const log: Published[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let started = 0;
  let stopped = false;

  const rate = (i: number, at: number) => {
    const s = (at - started) / 1000;
    const factor = s >= options.rush.fromS && s < options.rush.toS ? options.rush.factor : 1;
    return factor / options.gapsS[i % options.gapsS.length]!;
  };
  const next = (i: number) => {
    if (stopped) return;
    // Exponential wait at the rate of now; a rush starting meanwhile is caught at the next draw.
    const waitMs = (-Math.log(1 - Math.random()) / rate(i, Date.now())) * 1000;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const pub = server.publications[i]!;
      server.publish(pub.slug, 1);
      const newest = pub.entries(pub.feeds[0]!.url)[0]!;
      log.push({ slug: pub.slug, url: newest.url, at: Date.now() });
      next(i);
    }, waitMs);
    timers.add(timer);
  };

  process.on('message', (msg: { type: 'go' | 'stop' | 'report' }) => {
    if (msg.type === 'go') {
      started = Date.now();
      for (let i = 0; i < server.publications.length; i++) next(i);
    } else if (msg.type === 'stop') {
      stopped = true;
      for (const t of timers) clearTimeout(t);
    } else if (msg.type === 'report') {
      const feeds = new Set(server.publications.map((p) => p.feeds[0]!.url));
      const requests: FeedRequest[] = server.requests
        .filter((r) => feeds.has(r.origin + r.path))
        .map((r) => ({
          origin: r.origin,
          agent: r.headers['user-agent'] ?? '',
          startedAt: r.startedAt,
          endedAt: r.endedAt,
        }));
      process.send?.({ log, requests });
    }
  });
  process.send?.({
    sourcesYaml: server.sourcesYaml(),
    allowHosts: server.allowHosts,
    feeds: server.publications.map((p) => ({
      slug: p.slug,
      origin: p.origin,
      url: p.feeds[0]!.url,
      pushes: p.hub !== null,
    })),
  });
  process.once('disconnect', () => void server.close().then(() => process.exit(0)));
});
