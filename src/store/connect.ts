// Opens the database named by DATABASE_URL. SQLite (better-sqlite3) is the
// default: one file, nothing to install. PostgreSQL (pg with a pool) serves
// several worker and web processes on several machines. Both through Kysely,
// with the same migrations and, wherever the dialects allow, the same queries.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
} from 'kysely';
import { storageError } from './storage-errors.ts';
import { KiosqueError } from '../util/errors.ts';
import type { Dialect } from './dialect.ts';
import { type Checkpointer, startCheckpointer } from './checkpointer.ts';
import { directReads } from './compiled.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

// Kept here too: the store's files name the dialect from the connection.
export type { Dialect } from './dialect.ts';

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The raw SQLite handle, for PRAGMAs and the benchmark; null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  /** The SQLite file's checkpoint thread (checkpointer.ts), or null. */
  checkpointer: Checkpointer | null;
  /** The PostgreSQL schema in use (search_path), or null. */
  schema: string | null;
  /** What was opened, for logs (a file path, or a URL without its password). */
  describe: string;
  /**
   * SQLite opened on a disk without a byte free: this process holds the
   * file alone (exclusive locking mode) until it restarts.
   */
  alone?: boolean;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/kiosque.db';
/**
 * SQLite's page cache per connection (KIOSQUE_SQLITE_CACHE_MB). 16 MB: at
 * 1,000,000 articles a crawl was no slower than with 64 (the kernel's file
 * cache holds the rest) and its peak RSS 50 MB lower (docs/benchmarks.md).
 */
export const DEFAULT_SQLITE_CACHE_MB = 16;

export interface OpenOptions {
  /** PostgreSQL: connections in the pool. */
  poolSize?: number;
  /** SQLite: the page cache, in MB (default DEFAULT_SQLITE_CACHE_MB). */
  sqliteCacheMb?: number;
}

export interface DatabaseTarget {
  dialect: Dialect;
  /** A file path (or :memory:) for SQLite; the connection string for PostgreSQL, without `schema`. */
  path: string;
  /** `?schema=name` on a postgres URL: every table lives in that schema (created if missing). */
  schema: string | null;
}

/** Parses `sqlite:<path>` (or `sqlite::memory:`, `file:<path>`) and `postgres://…[?schema=name]`. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new KiosqueError({ kind: 'config', message: `DATABASE_URL "${redact(url)}" is not a valid URL` });
    }
    const schema = parsed.searchParams.get('schema');
    if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new KiosqueError({
        kind: 'config',
        message: `DATABASE_URL schema "${schema}" must be lower-case letters, digits and _ (at most 63)`,
      });
    }
    parsed.searchParams.delete('schema');
    return { dialect: 'postgres', path: parsed.toString(), schema };
  }
  const m = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(url);
  if (m?.[1]) return { dialect: 'sqlite', path: m[1], schema: null };
  throw new KiosqueError({
    kind: 'config',
    message: `DATABASE_URL "${redact(url)}" is not understood: use sqlite:./data/kiosque.db or postgres://user@host/db`,
  });
}

/** A URL fit for logs: the password replaced. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/**
 * SQLite transactions that write must take the write lock when they begin
 * (BEGIN IMMEDIATE): a deferred one that reads first and writes later fails
 * with SQLITE_BUSY, without waiting, when another process (kiosque crawl
 * --once beside npm start) wrote in between. With IMMEDIATE, busy_timeout
 * makes it wait its turn instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * After some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM) SQLite has
   * already rolled the transaction back: a ROLLBACK then fails with "cannot
   * rollback - no transaction is active", and that error would hide the real
   * one (a full disk reported as a rollback problem).
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SQLite.Database) {
    super({ database });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.database);
  }
}

/**
 * Kysely prepares every statement anew; better-sqlite3 spends ~50 µs on a
 * prepare, as much as the query itself for the site's small reads (measured
 * on a cold article page). Prepared statements are reusable, so the SQL text
 * keys a bounded cache of them. (Kysely only calls all() and run(), never a
 * lasting iterate(), so one statement is never in use twice at once.)
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver);
        // Native methods want the real database as `this`.
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (source: string) => {
        let statement = cache.get(source);
        if (statement) {
          cache.delete(source); // most recently used last
        } else {
          statement = prepare(source);
          if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        }
        cache.set(source, statement);
        return statement;
      };
    },
  });
}

function openSqlite(path: string, cacheMb: number): Connection {
  const memory = path === ':memory:';
  const file = memory ? ':memory:' : resolve(path);
  let sqlite: SQLite.Database;
  try {
    if (!memory) mkdirSync(dirname(file), { recursive: true });
    sqlite = new SQLite(file);
  } catch (err) {
    throw (
      storageError(err, file) ??
      new KiosqueError(
        { kind: 'database', message: `cannot open SQLite database ${file}: ${(err as Error).message}` },
        { cause: err },
      )
    );
  }
  let alone = false;
  try {
    sqlite.pragma('journal_mode = WAL');
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'SQLITE_IOERR_SHMSIZE') throw err;
    // The disk is full to its last byte: SQLite cannot size the shared
    // memory file that lets processes share a WAL database. In exclusive
    // locking mode it keeps that index in this process's memory instead, so
    // the site still serves what is stored (and the crawler, paused, goes
    // on once there is space); other processes cannot open the database
    // until this one restarts.
    sqlite.close();
    sqlite = new SQLite(file);
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.pragma('journal_mode = WAL');
    alone = true;
  }
  // Another process may hold the write lock for a moment: wait for it.
  sqlite.pragma('busy_timeout = 15000');
  // WAL with synchronous=NORMAL is durable against a process crash (kill -9),
  // which is what we guard against; a power cut may lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // The default page cache is 2 MB: with a million articles the indexes an
  // insert touches no longer fit, and the cost per entry creeps up. 64 MB of
  // cache keep it flat (see docs/benchmarks.md).
  sqlite.pragma(`cache_size = -${cacheMb * 1024}`);
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(withStatementCache(sqlite)) });
  directReads(db, sqlite);
  // (Alone, no other connection may open the file: SQLite checkpoints in this one.)
  const checkpointer = memory || alone ? null : startCheckpointer(sqlite, file);
  return { db, dialect: 'sqlite', sqlite, checkpointer, schema: null, describe: file, alone };
}

async function openPostgres(target: DatabaseTarget, poolSize: number): Promise<Connection> {
  // Loaded here: an installation on SQLite never needs it (start-up time).
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: target.path,
    max: poolSize,
    // Every connection works in the named schema; public stays on the path for extensions.
    ...(target.schema ? { options: `-c search_path=${target.schema},public` } : {}),
    connectionTimeoutMillis: 10_000,
  });
  // A connection that dies while idle must not crash the process.
  pool.on('error', () => {});
  // Nor one that dies while checked out between two queries (PostgreSQL
  // restarting ends every session): pg emits 'error' on the client, which
  // nothing else listens to there. The query in flight, or the next one,
  // fails instead, and the pool drops the broken client when it comes back.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (target.schema) {
      // Processes started together race to create it; the loser finds it there.
      await sql`create schema if not exists ${sql.id(target.schema)}`.execute(db).catch(async (err) => {
        const found = await sql`select 1 from pg_namespace where nspname = ${target.schema}`.execute(db);
        if (!found.rows.length) throw err;
      });
    }
    await ensureUnaccent(db);
  } catch (err) {
    await db.destroy();
    throw new KiosqueError(
      {
        kind: 'database',
        message: `cannot connect to PostgreSQL at ${redact(target.path)}: ${(err as Error).message}`,
      },
      { cause: err },
    );
  }
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    checkpointer: null,
    schema: target.schema,
    describe: redact(target.path),
  };
}

/**
 * The full-text columns need the unaccent extension. It lives in public, for
 * every schema; two processes starting together may race to create it.
 */
async function ensureUnaccent(db: Kysely<Database>): Promise<void> {
  const present = async () =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from pg_extension where extname = 'unaccent'`.execute(db)
    ).rows[0]?.n === 1;
  if (await present()) return;
  try {
    await sql`create extension if not exists unaccent schema public`.execute(db);
  } catch (err) {
    if (await present()) return; // the other process won the race
    throw new Error(
      `PostgreSQL needs the unaccent extension (contrib): run "create extension unaccent schema public;" as a superuser in this database (${(err as Error).message})`,
    );
  }
}

export async function connect(
  url: string = DEFAULT_DATABASE_URL,
  options: OpenOptions = {},
): Promise<Connection> {
  const target = parseDatabaseUrl(url);
  return target.dialect === 'postgres'
    ? openPostgres(target, options.poolSize ?? 10)
    : openSqlite(target.path, options.sqliteCacheMb ?? DEFAULT_SQLITE_CACHE_MB);
}

/** Opens the database and applies pending migrations (once, under a lock, whoever starts first). */
export async function openDatabase(
  url: string = DEFAULT_DATABASE_URL,
  options: OpenOptions = {},
): Promise<Connection> {
  const conn = await connect(url, options);
  try {
    await migrateToLatest(
      conn.db,
      conn.dialect,
      conn.dialect === 'postgres' ? (conn.schema ?? 'public') : null,
    );
  } catch (err) {
    await conn.db.destroy();
    throw new KiosqueError({ kind: 'database', message: (err as Error).message }, { cause: err });
  }
  return conn;
}

/** Closes a connection opened by openDatabase (a Store's close does it for its own). */
export async function closeDatabase(conn: Connection): Promise<void> {
  await conn.checkpointer?.stop();
  await conn.db.destroy();
}

/** Where a DATABASE_URL's data lives, as a person names it: the SQLite file's full path, or "the PostgreSQL database". */
export function storageWhere(databaseUrl: string | undefined): string {
  try {
    const target = parseDatabaseUrl(databaseUrl?.trim() || DEFAULT_DATABASE_URL);
    return target.dialect === 'postgres' ? 'the PostgreSQL database' : resolve(target.path);
  } catch {
    return 'the database';
  }
}
