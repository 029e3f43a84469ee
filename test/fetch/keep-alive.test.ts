// A server that drops an idle kept-alive connection: the next request on it
// fails at once with a reset. The client sends a GET again, once, on a fresh
// connection (found by the ingest benchmark: 1 feed in 500 failed after a pause).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { createHttpClient, defaultHttpClientOptions } from '../../src/fetch/index.ts';

let server: Server;
let base: string;
let resets = 0;
const served = new WeakMap<Socket, number>();

before(async () => {
  server = createServer((req, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (n > 1) {
      // As if the server had closed this connection while it was idle.
      resets++;
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', connection: 'keep-alive' });
    res.end(`bonjour ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a request on a connection the server dropped is sent again on a fresh one', async () => {
  const client = createHttpClient({
    ...defaultHttpClientOptions({}),
    allowHosts: ['127.0.0.1'],
    hostDelayMs: 0,
    respectRobots: false,
  });
  try {
    const first = await client.fetch({ url: `${base}/un`, kind: 'page' });
    assert.ok(first.ok && !first.notModified && first.text === 'bonjour /un');
    // Let the first connection go back to the pool, idle, as between two polls.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await client.fetch({ url: `${base}/deux`, kind: 'page' });
    assert.ok(second.ok, second.ok ? '' : second.error.message);
    assert.ok(!second.notModified && second.text === 'bonjour /deux');
    assert.equal(resets, 1);
  } finally {
    await client.close();
  }
});
