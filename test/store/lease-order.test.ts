// Several workers claiming feeds on one PostgreSQL database at once: each
// claim locks its feeds' origins in one fixed order (by name), so no two
// claims wait on each other in a circle and the server never has to kill
// one (a deadlock, 40P01); and no origin is ever held by two workers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceConfig } from '../../src/sources/types.ts';
import {
  dbOf,
  leaseDueFeeds,
  openDatabase,
  releaseLease,
  Store,
  syncSources,
} from '../../src/store/index.ts';
import { workCounts } from '../../src/util/work-counts.ts';
import { BACKENDS } from './backends.ts';

const postgres = BACKENDS.find((b) => b.name === 'postgres')!;
const ORIGINS = 8;
const FEEDS_PER_ORIGIN = 8;
const WORKERS = 4;
const CLAIMS_PER_WORKER = 60;

test('four workers claiming at once never deadlock, and never share an origin', {
  skip: postgres.skip ?? false,
  timeout: 120_000,
}, async () => {
  const database = await postgres.create();
  const stores = await Promise.all(
    Array.from({ length: WORKERS }, async () => new Store(await openDatabase(database.url))),
  );
  try {
    const sources: SourceConfig[] = Array.from({ length: ORIGINS }, (_, o) => ({
      slug: `s${o}`,
      name: `S${o}`,
      homepage: `https://o${o}.example/`,
      language: 'fr',
      timezone: 'Africa/Casablanca',
      feeds: Array.from({ length: FEEDS_PER_ORIGIN }, (_, f) => ({ url: `https://o${o}.example/feed${f}` })),
      mode: 'full',
      enabled: true,
    }));
    await syncSources(stores[0]!, sources);
    // Due in a random order, drawn again after every claim: workers taking
    // feeds in due order would meet two origins in opposite orders.
    const shuffle = async (store: Store, ids: number[]) => {
      for (const id of ids) {
        const at = new Date(Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 1e6)).toISOString();
        await dbOf(store).updateTable('feeds').set({ next_fetch_at: at }).where('id', '=', id).execute();
      }
    };
    const all = await dbOf(stores[0]!).selectFrom('feeds').select('id').execute();
    await shuffle(
      stores[0]!,
      all.map((f) => f.id),
    );

    const deadlocks = workCounts.deadlockRetries;
    const holder = new Map<string, string>();
    const worker = async (store: Store, name: string) => {
      for (let i = 0; i < CLAIMS_PER_WORKER; i++) {
        const taken = await leaseDueFeeds(store, {
          worker: name,
          limit: 4,
          now: new Date(),
          leaseMs: 60_000,
        });
        for (const f of taken) {
          const held = holder.get(f.origin!);
          assert.ok(held === undefined || held === name, `${f.origin} held by ${held} and ${name}`);
          holder.set(f.origin!, name);
        }
        // Given back at once (origins and all), to be claimed again by anyone.
        for (const origin of new Set(taken.map((f) => f.origin!))) holder.delete(origin);
        for (const f of taken) await releaseLease(store, f.id, name);
        await shuffle(
          store,
          taken.map((f) => f.id),
        );
      }
    };
    await Promise.all(stores.map((store, w) => worker(store, `w${w}`)));
    assert.equal(workCounts.deadlockRetries - deadlocks, 0, 'no claim was a deadlock’s victim');
  } finally {
    for (const store of stores) await store.close();
    await database.drop();
  }
});
