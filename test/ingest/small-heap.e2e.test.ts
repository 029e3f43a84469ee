// Memory bounded by design, not by luck (issue 16): the real command crawls a
// press of ordinary feeds among hostile ones (30 MB and 9 MB documents, an
// entity bomb, an external entity, a gzipped feed, a lying charset) with a
// main heap of 64 MB. A crawler that held whole documents, all their
// entries or the indexer's words without bounds dies here of heap
// exhaustion; this one stores every ordinary entry and names each hostile
// feed's fault.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type PressServer, startPressServer } from '../fixtures/press-server/index.ts';
import { runKiosque } from '../cli/run.ts';

const MB = 1024 * 1024;
const FEEDS = 120;
const ENTRIES = 20;

const HOSTILE: Record<string, { kind: string; bytes?: number }> = {
  'gen-001': { kind: 'huge', bytes: 30 * MB },
  'gen-002': { kind: 'huge', bytes: 9 * MB },
  'gen-003': { kind: 'xml-bomb' },
  'gen-004': { kind: 'xxe' },
  'gen-005': { kind: 'gzip' },
  'gen-006': { kind: 'wrong-charset' },
  'gen-007': { kind: 'huge', bytes: 30 * MB },
  'gen-008': { kind: 'huge', bytes: 9 * MB },
};

describe('a crawl of a hostile press in a small heap', () => {
  let press: PressServer;
  let dir: string;

  before(async () => {
    press = await startPressServer({
      publications: [],
      generated: { feeds: FEEDS, entriesPerFeed: ENTRIES, origins: 6, language: 'mixed' },
    });
    for (const [slug, fault] of Object.entries(HOSTILE)) press.setFault(slug, fault as never);
    dir = mkdtempSync(join(tmpdir(), 'kiosque-small-heap-'));
    writeFileSync(join(dir, 'sources.yaml'), press.sourcesYaml());
  });
  after(async () => {
    await press.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('--max-old-space-size=64: every ordinary entry stored, each hostile feed failed or capped, with its reason', async () => {
    const run = await runKiosque(
      ['crawl', '--once', '--json'],
      {
        NODE_OPTIONS: '--max-old-space-size=64',
        DATABASE_URL: `sqlite:${join(dir, 'k.db')}`,
        KIOSQUE_SOURCES: join(dir, 'sources.yaml'),
        KIOSQUE_ALLOW_HOSTS: press.allowHosts.join(','),
        KIOSQUE_HOST_DELAY_MS: '0',
        KIOSQUE_TEASER_MIN_WORDS: '0',
        KIOSQUE_TEASER_ENDINGS: '',
      },
      240_000,
    );
    assert.equal(run.signal, null, `killed: ${run.stderr.slice(-2000)}`);
    assert.equal(run.code, 0, run.stderr.slice(-2000));
    const summary = JSON.parse(run.stdout) as {
      feeds: number;
      ok: number;
      newArticles: number;
      failed: Array<{ source: string; error: { kind: string; message: string } }>;
    };
    assert.equal(summary.feeds, FEEDS);
    const failed = new Map(summary.failed.map((f) => [f.source, f.error]));
    // Over the 10 MB feed limit: refused while streaming, said so.
    for (const slug of ['gen-001', 'gen-007']) {
      assert.equal(failed.get(slug)?.kind, 'too_large', `${slug}: ${JSON.stringify(failed.get(slug))}`);
      assert.match(failed.get(slug)!.message, /10 MB limit/);
    }
    // The entity bomb is refused with a reason, not expanded.
    assert.ok(failed.get('gen-003'), 'the XML bomb is refused');
    assert.ok(failed.get('gen-003')!.message.length > 10);
    // Nothing else failed: the ordinary feeds, the 9 MB ones (their newest
    // 1,000 entries), the gzipped one, the one whose charset lies.
    const unexpected = [...failed.keys()].filter(
      (s) => !['gen-001', 'gen-003', 'gen-007', 'gen-004'].includes(s),
    );
    assert.deepEqual(unexpected, [], JSON.stringify(summary.failed, null, 1));
    const ordinary = FEEDS - Object.keys(HOSTILE).length + ['gen-005', 'gen-006'].length;
    assert.ok(
      summary.newArticles >= ordinary * ENTRIES + 2 * 1000,
      `${summary.newArticles} new articles, expected at least ${ordinary * ENTRIES + 2000}`,
    );
  });
});
