// A first start on a full disk: the report keys cannot be stored, and the
// site must still come up. The disk is made "full" with SQLite's
// max_page_count, which SQLite answers as a full file system (SQLITE_FULL).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { defaultReportConfig, Moderation } from '../../src/moderation/index.ts';
import { dbOf, openDatabase, Store } from '../../src/store/index.ts';
import { BACKENDS } from '../store/backends.ts';

const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;

test('on a full disk the report keys are this process’s own, said once; with space they are stored', async () => {
  const database = await sqlite.create();
  const store = new Store(await openDatabase(database.url));
  const config = { ...defaultReportConfig(), secret: null };
  try {
    const db = dbOf(store);
    const pages = Number(
      (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count,
    );
    await sql.raw(`pragma max_page_count = ${pages}`).execute(db);
    // The pages the database has are filled too, down to small rows: a key
    // must find no room anywhere.
    let n = 0;
    for (const size of [4000, 1000, 200, 50, 10, 1]) {
      for (;;) {
        try {
          await db
            .insertInto('app_secrets')
            .values({ name: `filler-${n++}`, value: 'x'.repeat(size), created_at: '' })
            .execute();
        } catch {
          break;
        }
      }
    }
    const keys = () =>
      db.selectFrom('app_secrets').select('name').where('name', 'in', ['csrf', 'address-salt']).execute();
    let told = 0;
    const moderation = await Moderation.open(store, config, () => told++);
    assert.equal(told, 1);
    const token = moderation.csrfToken();
    assert.ok(moderation.verifyCsrfToken(token), 'its own keys work for this process');
    assert.equal((await keys()).length, 0);

    // Space again: the next start stores its keys, and the one after reads the same.
    await sql.raw('pragma max_page_count = 1073741823').execute(db);
    const stored = await Moderation.open(store, config, () => told++);
    const again = await Moderation.open(store, config, () => told++);
    assert.equal(told, 1);
    assert.equal((await keys()).length, 2);
    assert.ok(again.verifyCsrfToken(stored.csrfToken()));
  } finally {
    await store.close();
    await database.drop();
  }
});
