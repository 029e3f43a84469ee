import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ByteBudget, createHttpClient, type FetchOutcome, type HttpClient } from '../../src/fetch/index.ts';
import { startServer, testOptions, type TestServer } from './helpers.ts';

const MB = 1024 * 1024;
const settled = async <T>(p: Promise<T>, ms = 30): Promise<boolean> =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('the body budget: bytes held at once, bounded', () => {
  test('within the budget a reader goes on; over it, it waits for bytes given back', async () => {
    const budget = new ByteBudget(100);
    const first = budget.open();
    const second = budget.open();
    await first.take(60);
    first.finished();
    const waiting = second.take(60);
    assert.equal(await settled(waiting), false, 'over the budget, the second reader waits');
    assert.equal(budget.held, 60);
    first.release();
    assert.equal(await settled(waiting), true);
    assert.equal(budget.held, 60);
    second.release();
    second.release(); // idempotent
    assert.equal(budget.held, 0);
  });

  test('downloads never wait only for each other: the oldest goes on; then all wait for finished documents', async () => {
    const budget = new ByteBudget(100);
    const older = budget.open();
    const younger = budget.open();
    await older.take(50);
    await younger.take(50);
    const youngerMore = younger.take(50);
    // The older one is over the budget too, but it is the oldest still downloading.
    assert.equal(await settled(older.take(50)), true);
    assert.equal(await settled(youngerMore), false);
    older.finished(); // finished documents hold bytes: the younger waits for them, not for the budget's sake alone
    assert.equal(await settled(youngerMore), false);
    assert.equal(budget.held, 150, 'at most the budget plus one document');
    older.release();
    assert.equal(await settled(youngerMore), true);
    assert.equal(budget.held, 100);
  });

  test('a reader given up while waiting is not charged', async () => {
    const budget = new ByteBudget(10);
    const first = budget.open();
    const second = budget.open();
    await first.take(10);
    const waiting = second.take(5);
    second.release();
    assert.equal(await settled(waiting), true);
    assert.equal(budget.held, 10);
    first.release();
    assert.equal(budget.held, 0);
  });
});

describe('the client keeps bodies within its budget', () => {
  let server: TestServer;
  let client: HttpClient;
  const big = Buffer.alloc(3 * MB, 0x61);

  before(async () => {
    server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      // In pieces, as a network delivers it.
      let sent = 0;
      const send = () => {
        while (sent < big.length) {
          const piece = big.subarray(sent, sent + 64 * 1024);
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', send);
        }
        res.end();
      };
      send();
      void req;
    });
    client = createHttpClient(testOptions({ bodyBudgetBytes: 4 * MB }));
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  test('a held document keeps its bytes counted until released; the next download waits for them', async () => {
    const first = await client.fetch({ url: `${server.origin}/a`, kind: 'page', hold: true });
    assert.ok(first.ok && !first.notModified);
    // 3 MB held of 4: the second download cannot finish until the first is released.
    const second = client.fetch({ url: `${server.origin}/b`, kind: 'page', hold: true });
    assert.equal(await settled(second, 300), false, 'the second body waits for the budget');
    first.release();
    const done = (await second) as FetchOutcome;
    assert.ok(done.ok && !done.notModified);
    assert.equal(done.body.length, big.length, 'nothing lost while waiting');
    done.release();
  });

  test('without hold, the bytes are given back when fetch returns', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await client.fetch({ url: `${server.origin}/c${i}`, kind: 'page' });
      assert.ok(r.ok);
    }
  });
});
