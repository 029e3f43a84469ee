// The store object: a connection, its close, its ping (for /healthz) and
// transactions. Everything else is a function of the folders beside this
// file, one per aggregate, over a DbHandle: a Store is one, so callers pass
// theirs (`leaseDueFeeds(store, options)`), and `transact` gives a handle on
// one transaction for a caller that needs several calls to commit together.
import { type Kysely, sql } from 'kysely';
import type { Connection, Dialect } from './connect.ts';
import { type DbHandle, handleOn, KYSELY } from './handle.ts';

const CONNECTION: unique symbol = Symbol('connection');
import type { Database } from './schema.ts';

export class Store implements DbHandle {
  /** Under a symbol only src/store imports (see handle.ts): callers pass the Store on, they never query with it. */
  readonly [KYSELY]: Kysely<Database>;
  readonly dialect: Dialect;
  /** Where the data lives, for messages: the SQLite file, or the PostgreSQL URL without its password. */
  readonly describe: string;

  /** The connection (its SQLite handle, its pool) under a symbol too: see connectionOf. */
  readonly [CONNECTION]: Connection;

  constructor(conn: Connection) {
    this[KYSELY] = conn.db;
    this[CONNECTION] = conn;
    this.dialect = conn.dialect;
    this.describe = conn.describe;
  }

  async close(): Promise<void> {
    await this[CONNECTION].checkpointer?.stop();
    await this[KYSELY].destroy();
  }

  /**
   * Runs `fn` in one transaction, over the handle `handleOn(trx, dialect)`:
   * committed when it resolves, rolled back when it throws (the error goes
   * on). Only for functions that open no transaction of their own.
   */
  transact<T>(fn: (tx: DbHandle) => Promise<T>): Promise<T> {
    return this[KYSELY].transaction().execute((trx) => fn(handleOn(trx, this.dialect)));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this[KYSELY]);
  }
}

/** The connection behind a Store (to copy a database, or read SQLite's pragmas): for tests and benchmarks, like dbOf. */
export function connectionOf(store: Store): Connection {
  return store[CONNECTION];
}
