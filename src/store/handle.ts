// What the query functions of the store's folders run on: the database and
// its dialect. A Store is one, so callers pass theirs; `{ db: trx, dialect }`
// runs a function that opens no transaction of its own inside a caller's.
import type { Kysely } from 'kysely';
import type { Dialect } from './connect.ts';
import type { Database } from './schema.ts';

export interface DbHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
}
