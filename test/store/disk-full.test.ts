// A full disk during a write (issue 19): SQLite rolls the transaction back
// by itself on SQLITE_FULL, and the ROLLBACK that follows must not replace
// that error with "cannot rollback - no transaction is active". The disk is
// made "full" with max_page_count, which SQLite answers exactly as it does
// a full file system (SQLITE_FULL).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { dbOf, openDatabase, Store } from '../../src/store/index.ts';
import { storageError } from '../../src/store/storage-errors.ts';

test('a write that fills the disk fails as SQLITE_FULL, the data before it intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-full-'));
  const store = new Store(await openDatabase(`sqlite:${join(dir, 'k.db')}`));
  try {
    const db = dbOf(store);
    await sql`create table filler (id integer primary key, blob text)`.execute(db);
    await db
      .insertInto('filler' as never)
      .values({ id: 1, blob: 'kept' } as never)
      .execute();
    const pages = Number(
      (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count,
    );
    await sql.raw(`pragma max_page_count = ${pages + 20}`).execute(db);
    const failure = await db
      .transaction()
      .execute(async (trx) => {
        for (let i = 2; i < 500; i++)
          await trx
            .insertInto('filler' as never)
            .values({ id: i, blob: 'x'.repeat(4000) } as never)
            .execute();
      })
      .then(
        () => null,
        (err: unknown) => err as Error & { code?: string },
      );
    assert.ok(failure, 'the write failed');
    assert.match(String(failure.code), /^SQLITE_FULL/, `${failure.code}: ${failure.message}`);
    assert.doesNotMatch(failure.message, /cannot rollback/);
    assert.match(storageError(failure, '/srv/k.db')!.message, /^the disk that holds \/srv\/k\.db is full/);
    // Nothing of the failed transaction, everything before it.
    const rows = await sql<{ n: number }>`select count(*) as n from filler`.execute(db);
    assert.equal(Number(rows.rows[0]!.n), 1);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
