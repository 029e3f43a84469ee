// Compiled reads (src/store/compiled.ts) run straight on SQLite outside a
// transaction, and wait behind Kysely's lock inside one: a page never sees
// another flow's uncommitted rows, nor reads in the middle of its work.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compiledFor } from '../../src/store/compiled.ts';
import { connectionOf, dbOf, openDatabase, Store } from '../../src/store/index.ts';

async function withStore(run: (store: Store) => Promise<void>): Promise<void> {
  const store = new Store(await openDatabase('sqlite::memory:'));
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

const NOW = '2026-12-08T00:00:00.000Z';

function slugsOf(store: Store): Promise<string[]> {
  const db = dbOf(store);
  return compiledFor(db)
    .run('test-slugs', (arg) => db.selectFrom('sources').select('slug').where('language', '=', arg(0)), [
      'fr',
    ])
    .then((rows) => rows.map((r) => r.slug).sort());
}

function addSource(db: ReturnType<typeof dbOf>, slug: string) {
  return db
    .insertInto('sources')
    .values({
      slug,
      name: slug,
      homepage: `https://${slug}.example/`,
      language: 'fr',
      timezone: 'Africa/Casablanca',
      mode: 'full',
      enabled: 1,
      settings_json: '{}',
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
}

test('a compiled read gives the rows Kysely gives, with its values in place', async () => {
  await withStore(async (store) => {
    const db = dbOf(store);
    await addSource(db, 'a');
    await addSource(db, 'b');
    assert.deepEqual(await slugsOf(store), ['a', 'b']);
    const viaKysely = await db.selectFrom('sources').select('slug').where('language', '=', 'fr').execute();
    assert.deepEqual(viaKysely.map((r) => r.slug).sort(), ['a', 'b']);
    const none = await compiledFor(db).run(
      'test-slugs',
      (arg) => db.selectFrom('sources').select('slug').where('language', '=', arg(0)),
      ['ar'],
    );
    assert.deepEqual(none, []);
  });
});

test('a compiled read during another flow’s transaction waits for its commit', async () => {
  await withStore(async (store) => {
    const db = dbOf(store);
    await addSource(db, 'a');
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => {
      inside = resolve;
    });
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const trx = db.transaction().execute(async (t) => {
      await addSource(t, 'b');
      inside();
      await gate;
    });
    await entered;
    let read: string[] | null = null;
    const reading = slugsOf(store).then((rows) => {
      read = rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(read, null, 'the read waited: it did not see the uncommitted row');
    finish();
    await trx;
    await reading;
    assert.deepEqual(read, ['a', 'b']);
  });
});

test('reads started together share one read transaction, closed when they are', async () => {
  await withStore(async (store) => {
    const db = dbOf(store);
    await addSource(db, 'a');
    const sqlite = connectionOf(store).sqlite!;
    let open = false;
    const [slugs, more] = compiledFor(db).together(() => {
      const both = [slugsOf(store), slugsOf(store)];
      open = sqlite.inTransaction;
      return both;
    });
    assert.equal(open, true);
    assert.equal(sqlite.inTransaction, false);
    assert.deepEqual(await slugs, ['a']);
    assert.deepEqual(await more, ['a']);
    // A write afterwards is no one's transaction's: it lands.
    await addSource(db, 'b');
    assert.deepEqual(await slugsOf(store), ['a', 'b']);
  });
});

test('reads started together during another flow’s transaction wait for its commit', async () => {
  await withStore(async (store) => {
    const db = dbOf(store);
    await addSource(db, 'a');
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => {
      inside = resolve;
    });
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const trx = db.transaction().execute(async (t) => {
      await addSource(t, 'b');
      inside();
      await gate;
    });
    await entered;
    let read: string[] | null = null;
    const [reading] = compiledFor(db).together(() => [
      slugsOf(store).then((rows) => {
        read = rows;
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(read, null);
    finish();
    await trx;
    await reading;
    assert.deepEqual(read, ['a', 'b']);
  });
});
