import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHttpClient, OriginQueue, Semaphore } from '../../src/fetch/index.ts';
import { startServer, testOptions, type TestServer } from './helpers.ts';

interface Visit {
  start: number;
  end: number;
}

/** A publisher that takes 100 ms per answer and notes when each request started and ended. */
async function slowPublisher(): Promise<{ server: TestServer; visits: Visit[] }> {
  const visits: Visit[] = [];
  const server = await startServer((_req, res) => {
    const visit = { start: Date.now(), end: 0 };
    visits.push(visit);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok', () => {
        visit.end = Date.now();
      });
    }, 100);
  });
  return { server, visits };
}

describe('politeness', () => {
  let a: Awaited<ReturnType<typeof slowPublisher>>;
  let b: Awaited<ReturnType<typeof slowPublisher>>;

  before(async () => {
    a = await slowPublisher();
    b = await slowPublisher();
  });
  after(async () => {
    await a.server.close();
    await b.server.close();
  });

  test('two parallel requests to one origin do not overlap and are at least the delay apart', async () => {
    a.visits.length = 0;
    const client = createHttpClient(testOptions({ hostDelayMs: 150 }));
    try {
      const results = await Promise.all([
        client.fetch({ url: `${a.server.origin}/one`, kind: 'feed' }),
        client.fetch({ url: `${a.server.origin}/two`, kind: 'feed' }),
      ]);
      assert.ok(results.every((r) => r.ok));
      const [first, second] = a.visits;
      assert.ok(first && second);
      assert.ok(second.start >= first.end, 'no overlap');
      assert.ok(second.start - first.end >= 145, `gap was ${second.start - first.end} ms`);
    } finally {
      await client.close();
    }
  });

  test('a per-request hostDelayMs overrides the default', async () => {
    a.visits.length = 0;
    const client = createHttpClient(testOptions({ hostDelayMs: 0 }));
    try {
      await client.fetch({ url: `${a.server.origin}/one`, kind: 'feed' });
      await client.fetch({ url: `${a.server.origin}/two`, kind: 'feed', hostDelayMs: 200 });
      const [first, second] = a.visits;
      assert.ok(first && second);
      assert.ok(second.start - first.end >= 195, `gap was ${second.start - first.end} ms`);
    } finally {
      await client.close();
    }
  });

  test('two origins are fetched in parallel', async () => {
    a.visits.length = 0;
    b.visits.length = 0;
    const client = createHttpClient(testOptions({ hostDelayMs: 1000 }));
    try {
      await Promise.all([
        client.fetch({ url: `${a.server.origin}/x`, kind: 'feed' }),
        client.fetch({ url: `${b.server.origin}/x`, kind: 'feed' }),
      ]);
      const [onA] = a.visits;
      const [onB] = b.visits;
      assert.ok(onA && onB);
      assert.ok(onA.start < onB.end && onB.start < onA.end, 'the two requests overlapped');
    } finally {
      await client.close();
    }
  });

  test('maxConcurrency caps requests in flight across origins', async () => {
    a.visits.length = 0;
    b.visits.length = 0;
    const client = createHttpClient(testOptions({ maxConcurrency: 1 }));
    try {
      await Promise.all([
        client.fetch({ url: `${a.server.origin}/x`, kind: 'feed' }),
        client.fetch({ url: `${b.server.origin}/x`, kind: 'feed' }),
      ]);
      const [onA] = a.visits;
      const [onB] = b.visits;
      assert.ok(onA && onB);
      assert.ok(onA.end <= onB.start || onB.end <= onA.start, 'one after the other');
    } finally {
      await client.close();
    }
  });
});

describe('OriginQueue and Semaphore', () => {
  test('an aborted wait gives up its turn without blocking the next one', async () => {
    const queue = new OriginQueue();
    const release = await queue.acquire('https://a.ma', 0);
    const controller = new AbortController();
    const waiting = queue.acquire('https://a.ma', 0, controller.signal);
    controller.abort();
    await assert.rejects(waiting);
    release();
    const next = await queue.acquire('https://a.ma', 0);
    next();
  });

  test('the delay runs from the end of one request to the start of the next', async () => {
    const queue = new OriginQueue();
    const release = await queue.acquire('https://b.ma', 80);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const ended = Date.now();
    (await queue.acquire('https://b.ma', 80))();
    assert.ok(Date.now() - ended >= 75);
  });

  test('semaphore hands slots over in order', async () => {
    const semaphore = new Semaphore(1);
    const order: number[] = [];
    const first = await semaphore.acquire();
    const second = semaphore.acquire().then((release) => {
      order.push(2);
      release();
    });
    const controller = new AbortController();
    const third = semaphore.acquire(controller.signal);
    controller.abort();
    await assert.rejects(third);
    order.push(1);
    first();
    await second;
    assert.deepEqual(order, [1, 2]);
    (await semaphore.acquire())();
  });
});
