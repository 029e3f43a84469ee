// kiosque migrate-db carries image reports along: the reports, the
// operator's decisions, a source's threshold and the secrets, so that a
// reader who reported before the move is still the same reader after it.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { defaultReportConfig, Moderation, setSourceThreshold } from '../../src/moderation/index.ts';
import {
  connectionOf,
  blockImage,
  compareCounts,
  copyDatabase,
  openDatabase,
  Store,
  dbOf,
} from '../../src/store/index.ts';
import { BACKENDS, SKIP_POSTGRES, type TestDatabase } from '../store/backends.ts';

const [sqlite, postgres] = BACKENDS as [(typeof BACKENDS)[0], (typeof BACKENDS)[0]];

describe('migrate-db with image reports', { skip: SKIP_POSTGRES ?? false }, () => {
  const dbs: TestDatabase[] = [];
  after(async () => {
    for (const d of dbs) await d.drop();
  });

  test('reports, decisions, thresholds and secrets are copied; readers stay the same', async () => {
    const fromDb = await sqlite.create();
    const toDb = await postgres.create();
    dbs.push(fromDb, toDb);
    const from = new Store(await openDatabase(fromDb.url));
    const to = new Store(await openDatabase(toDb.url));
    try {
      const at = new Date().toISOString();
      await dbOf(from)
        .insertInto('sources')
        .values({
          slug: 'le-quotidien',
          name: 'Le Quotidien',
          homepage: 'https://q.example/',
          language: 'fr',
          timezone: 'Africa/Casablanca',
          mode: 'full',
          enabled: 1,
          settings_json: '{}',
          created_at: at,
          updated_at: at,
        })
        .execute();
      await dbOf(from)
        .insertInto('images')
        .values({ url: 'https://q.example/a.jpg', first_seen_at: at })
        .execute();
      assert.ok(await setSourceThreshold(from, 'le-quotidien', 5));
      const config = defaultReportConfig();
      const before = await Moderation.open(from, { ...config, threshold: 1 });
      const outcome = await before.report({ imageId: 1, address: '192.0.2.44', readerId: null });
      assert.deepEqual(outcome, { kind: 'reported', blocked: true });
      await blockImage(from, 1);

      assert.equal(await copyDatabase(connectionOf(from), connectionOf(to), { batchSize: 2 }), true);
      for (const c of await compareCounts(connectionOf(from), connectionOf(to)))
        assert.equal(c.target, c.source, c.table);
      const decision = await dbOf(to).selectFrom('image_moderation').selectAll().executeTakeFirstOrThrow();
      assert.equal(decision.decided_by, 'reports');
      const source = await dbOf(to)
        .selectFrom('sources')
        .select('report_threshold')
        .executeTakeFirstOrThrow();
      assert.equal(Number(source.report_threshold), 5);

      // The same salt on the new database: the reader who reported is still known.
      const moved = await Moderation.open(to, { ...config, threshold: 1 });
      assert.equal(moved.addressHash('192.0.2.44'), before.addressHash('192.0.2.44'));
      assert.equal(moved.csrfToken(), before.csrfToken());
      assert.deepEqual(await moved.report({ imageId: 1, address: '192.0.2.44', readerId: null }), {
        kind: 'duplicate',
        blocked: true,
      });
    } finally {
      await from.close();
      await to.close();
    }
  });
});
