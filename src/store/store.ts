// The store object: a connection, its close, its ping (for /healthz) and
// transactions. Everything else is a function of the folders beside this
// file, one per aggregate, over a DbHandle: a Store is one, so callers pass
// theirs (`leaseDueFeeds(store, options)`), and `transact` gives a handle on
// one transaction for a caller that needs several calls to commit together.
import { type Kysely, sql } from 'kysely';
import type { Connection, Dialect } from './connect.ts';
import type { DbHandle } from './handle.ts';
import type { Database } from './schema.ts';

export class Store implements DbHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;

  constructor(private readonly conn: Connection) {
    this.db = conn.db;
    this.dialect = conn.dialect;
  }

  get connection(): Connection {
    return this.conn;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /**
   * Runs `fn` in one transaction, over the handle `{ db: trx, dialect }`:
   * committed when it resolves, rolled back when it throws (the error goes
   * on). Only for functions that open no transaction of their own.
   */
  transact<T>(fn: (tx: DbHandle) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn({ db: trx, dialect: this.dialect }));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
