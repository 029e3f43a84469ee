// What the query functions of the store's folders run on: the database and
// its dialect. A Store is one, so callers pass theirs; `handleOn(trx,
// dialect)` runs a function that opens no transaction of its own inside a
// caller's.
//
// The Kysely instance sits under a symbol that only this folder imports, so
// a caller holding a Store or a handle can pass it on but cannot build a
// query with it: SQL stays in src/store (test/store/boundary.test.ts holds
// the rest of that line). Tests and benchmarks that set a scene reach it
// through `dbOf`.
import type { Kysely } from 'kysely';
import type { Dialect } from './connect.ts';
import type { Database } from './schema.ts';

export const KYSELY: unique symbol = Symbol('kysely');

export interface DbHandle {
  readonly [KYSELY]: Kysely<Database>;
  readonly dialect: Dialect;
}

/** A handle on this database or transaction. */
export function handleOn(db: Kysely<Database>, dialect: Dialect): DbHandle {
  return { [KYSELY]: db, dialect };
}

/** The Kysely instance behind a handle: for the store's own modules, tests and benchmarks only. */
export function dbOf(handle: DbHandle): Kysely<Database> {
  return handle[KYSELY];
}
