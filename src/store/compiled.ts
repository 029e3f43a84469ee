// Queries compiled once and run many times with new values.
//
// Kysely builds a query as a tree of frozen nodes and compiles it to SQL on
// every call: 50–80 µs for the site's joins, measured, which is more than
// SQLite takes to answer them from its cache (10–30 µs), and a cold article
// page makes three such reads. The site's hot reads have a handful of shapes,
// so each shape is built once with stand-in values, compiled, and kept; a
// call puts its real values in the stand-ins' places and runs the SQL as is.
//
// The rule that keeps this right: every value that may change between calls
// goes through `arg(i)`, and everything else that changes the SQL's shape
// (a list's length, an optional filter) is part of the key.
//
// On SQLite a read runs its prepared statement at once (directReads): going
// through Kysely's driver (its connection lock, its promises) cost ~3 µs a
// statement, as much as SQLite's own seek, and a cold article page makes three.
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Statement } from 'better-sqlite3';

/** What a direct read needs of a better-sqlite3 database. */
export interface DirectSqlite {
  prepare(source: string): Statement;
  readonly inTransaction: boolean;
}

const STAND_IN = /^\u0000kiosque-arg-(\d+)$/;
const standIn = (i: number): string => `\u0000kiosque-arg-${i}`;

interface Shape {
  compiled: CompiledQuery;
  /** For each parameter of the SQL: the index of the call's argument, or -1 for a constant. */
  slots: number[];
  /** Its SQLite statement, when it reads and the database takes direct reads; else null. */
  statement: Statement | null;
}

const direct = new WeakMap<object, DirectSqlite>();

/**
 * Lets the compiled reads of `db` (the root instance, not a transaction) run
 * straight on this SQLite database: connect.ts, for every SQLite connection.
 */
// biome-ignore lint/suspicious/noExplicitAny: any database, as the class takes
export function directReads(db: Kysely<any>, sqlite: DirectSqlite): void {
  direct.set(db, sqlite);
}

export class CompiledQueries {
  private readonly shapes = new Map<string, Shape>();

  private readonly sqlite: DirectSqlite | null;
  /** Inside together(): the read transaction open is ours. */
  private grouped = false;
  private transaction: { begin: Statement; commit: Statement } | null = null;

  // biome-ignore lint/suspicious/noExplicitAny: any database; the rows' type comes from `build`
  constructor(private readonly db: Kysely<any>) {
    this.sqlite = direct.get(db) ?? null;
  }

  /**
   * Runs the query of shape `key`, building it with `build` the first time.
   * `build(arg)` must take every varying value from `arg(i)`, which stands
   * for `args[i]` (typed `never` so it fits any column).
   */
  async run<O>(
    key: string,
    build: (arg: (i: number) => never) => Compilable<O>,
    args: unknown[],
  ): Promise<O[]> {
    let shape = this.shapes.get(key);
    if (!shape) {
      const compiled = build((i) => standIn(i) as never).compile();
      const slots = compiled.parameters.map((p) => {
        const m = typeof p === 'string' ? STAND_IN.exec(p) : null;
        return m ? Number(m[1]) : -1;
      });
      const statement = this.sqlite?.prepare(compiled.sql) ?? null;
      shape = { compiled, slots, statement: statement?.reader ? statement : null };
      // Shapes are few and known in advance; the bound is a guard, not a cache policy.
      if (this.shapes.size < 1000) this.shapes.set(key, shape);
    }
    const { compiled, slots, statement } = shape;
    const parameters = compiled.parameters.map((p, n) => {
      const slot = slots[n] as number;
      return slot === -1 ? p : args[slot];
    });
    // Inside a transaction (Kysely's, on the one connection) the read waits
    // its turn behind Kysely's lock; outside, nothing can interleave with a
    // synchronous statement, so it runs now.
    if (statement && (this.grouped || !this.sqlite?.inTransaction)) return statement.all(parameters) as O[];
    const result = (await this.db.executeQuery(
      CompiledQuery.raw(compiled.sql, parameters),
    )) as QueryResult<O>;
    return result.rows;
  }

  /**
   * Runs `start`, whose compiled reads all begin in it before any await (as
   * `Promise.all([run(a), run(b)])` does), in one SQLite read transaction:
   * alone, each statement takes and drops the database's read locks (two
   * fcntl and an fstat) and checks the WAL again. Elsewhere (PostgreSQL,
   * another flow's transaction open) `start` runs as it is.
   */
  together<T>(start: () => T): T {
    const sqlite = this.sqlite;
    if (!sqlite || this.grouped || sqlite.inTransaction) return start();
    this.transaction ??= { begin: sqlite.prepare('begin'), commit: sqlite.prepare('commit') };
    this.transaction.begin.run();
    this.grouped = true;
    try {
      return start();
    } finally {
      this.grouped = false;
      this.transaction.commit.run();
    }
  }
}

const byDb = new WeakMap<object, CompiledQueries>();

/** The compiled shapes of one database (or transaction): built once, shared by every caller. */
// biome-ignore lint/suspicious/noExplicitAny: any database, as the class takes
export function compiledFor(db: Kysely<any>): CompiledQueries {
  let compiled = byDb.get(db);
  if (!compiled) {
    compiled = new CompiledQueries(db);
    byDb.set(db, compiled);
  }
  return compiled;
}
