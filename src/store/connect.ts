// Opens the database named by DATABASE_URL. SQLite (better-sqlite3) is the
// default: one file, nothing to install. PostgreSQL comes with the next issue
// through the same Kysely interface.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KiosqueError } from '../util/errors.ts';
import { migrateToLatest } from './migrations.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The raw SQLite handle, for PRAGMAs and the benchmark; null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  /** What was opened, for logs (a file path, never a password). */
  describe: string;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/kiosque.db';

/** Parses `sqlite:<path>` (or `sqlite::memory:`, or `file:<path>`) and postgres URLs. */
export function parseDatabaseUrl(url: string): { dialect: Dialect; path: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', path: url };
  const m = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(url);
  if (m?.[1]) return { dialect: 'sqlite', path: m[1] };
  throw new KiosqueError({
    kind: 'config',
    message: `DATABASE_URL "${url}" is not understood: use sqlite:./data/kiosque.db or postgres://user@host/db`,
  });
}

export async function connect(url: string = DEFAULT_DATABASE_URL): Promise<Connection> {
  const { dialect, path } = parseDatabaseUrl(url);
  if (dialect === 'postgres') {
    throw new KiosqueError({
      kind: 'config',
      message: 'PostgreSQL is not supported yet in this version: use DATABASE_URL=sqlite:<path>',
    });
  }
  const memory = path === ':memory:';
  const file = memory ? ':memory:' : resolve(path);
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file);
  } catch (err) {
    throw new KiosqueError(
      { kind: 'database', message: `cannot open SQLite database ${file}: ${(err as Error).message}` },
      { cause: err },
    );
  }
  sqlite.pragma('journal_mode = WAL');
  // Another process (kiosque crawl --once beside npm start) may hold the write lock for a moment.
  sqlite.pragma('busy_timeout = 15000');
  // WAL with synchronous=NORMAL is durable against a process crash (kill -9),
  // which is what we guard against; a power cut may lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // The default page cache is 2 MB: with a million articles the indexes an
  // insert touches no longer fit, and the cost per entry creeps up. 64 MB of
  // cache keep it flat (see docs/benchmarks.md).
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect, sqlite, describe: file };
}

/** Opens the database and applies pending migrations. */
export async function openDatabase(url: string = DEFAULT_DATABASE_URL): Promise<Connection> {
  const conn = await connect(url);
  try {
    await migrateToLatest(conn.db, conn.dialect);
  } catch (err) {
    await conn.db.destroy();
    throw new KiosqueError({ kind: 'database', message: (err as Error).message }, { cause: err });
  }
  return conn;
}
