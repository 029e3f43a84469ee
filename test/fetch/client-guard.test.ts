import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHttpClient } from '../../src/fetch/index.ts';
import type { HttpClient, Resolver } from '../../src/fetch/index.ts';
import { startServer, testOptions, type TestServer } from './helpers.ts';

describe('address guard in the client', () => {
  let recorder: TestServer; // on 127.0.0.2, which is NOT allowed: it must never see a request
  let publisher: TestServer; // on 127.0.0.1, allowed
  let client: HttpClient;

  before(async () => {
    recorder = await startServer((_req, res) => res.end('you should not be here'), '127.0.0.2');
    publisher = await startServer((req, res) => {
      const targets: Record<string, string> = {
        '/to-dotted': `http://127.0.0.2:${recorder.port}/secret`,
        '/to-number': `http://2130706434:${recorder.port}/secret`, // 127.0.0.2 as one number
        '/to-hex': `http://0x7f.0.0.2:${recorder.port}/secret`,
        '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
        '/to-mapped': `http://[::ffff:127.0.0.2]:${recorder.port}/secret`,
      };
      const target = targets[req.url ?? ''];
      if (target) res.writeHead(301, { location: target }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('public');
    });
    client = createHttpClient(testOptions({ allowHosts: ['127.0.0.1'] }));
  });

  after(async () => {
    await client.close();
    await publisher.close();
    await recorder.close();
  });

  for (const path of ['/to-dotted', '/to-number', '/to-hex', '/to-metadata', '/to-mapped']) {
    test(`a redirect ${path} is blocked at that hop and nothing reaches the target`, async () => {
      const outcome = await client.fetch({ url: `${publisher.origin}${path}`, kind: 'feed' });
      assert.equal(outcome.ok, false);
      if (outcome.ok) return;
      assert.equal(outcome.error.kind, 'blocked_address');
      assert.match(outcome.error.message, /127\.0\.0\.2|169\.254\.169\.254/);
      assert.equal(recorder.requests.length, 0);
    });
  }

  test('the recorder does answer when asked directly with 127.0.0.2 allowed (the test is sound)', async () => {
    const open = createHttpClient(testOptions({ allowHosts: ['127.0.0.2'] }));
    try {
      const outcome = await open.fetch({ url: `http://127.0.0.2:${recorder.port}/probe`, kind: 'feed' });
      assert.equal(outcome.ok, true);
      assert.equal(recorder.requests.length, 1);
    } finally {
      recorder.requests.length = 0;
      await open.close();
    }
  });

  for (const address of ['169.254.169.254', '10.0.0.1', 'fd00::1']) {
    test(`a public-looking name resolving to ${address} is refused without connecting`, async () => {
      let asked = 0;
      const resolver: Resolver = async () => {
        asked++;
        return [{ address, family: address.includes(':') ? 6 : 4 }];
      };
      const guarded = createHttpClient(testOptions({ allowHosts: [], resolver }));
      try {
        const started = Date.now();
        const outcome = await guarded.fetch({ url: 'http://news.example.ma/rss', kind: 'feed' });
        assert.equal(outcome.ok, false);
        if (!outcome.ok) {
          assert.equal(outcome.error.kind, 'blocked_address');
          assert.ok(outcome.error.message.includes('news.example.ma'));
          assert.ok(outcome.error.message.includes(address));
        }
        assert.equal(asked, 1);
        assert.ok(Date.now() - started < 500);
      } finally {
        await guarded.close();
      }
    });
  }

  test('a name is connected to the address the guard checked, not to a second DNS answer', async () => {
    // First answer: the (allowed) publisher's address. Any later answer: the forbidden recorder.
    let calls = 0;
    const resolver: Resolver = async () => {
      calls++;
      return [{ address: calls === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    };
    // "publisher.test" is allowed by name so the loopback test server can stand in for a public one.
    const pinned = createHttpClient(testOptions({ allowHosts: ['publisher.test'], resolver }));
    try {
      const outcome = await pinned.fetch({
        url: `http://publisher.test:${publisher.port}/hello`,
        kind: 'feed',
      });
      assert.equal(outcome.ok, true, outcome.ok ? '' : outcome.error.message);
      if (outcome.ok && !outcome.notModified) assert.equal(outcome.text, 'public');
      assert.equal(calls, 1, 'the connection reused the checked answer');
      assert.equal(recorder.requests.length, 0);
    } finally {
      await pinned.close();
    }
  });
});
