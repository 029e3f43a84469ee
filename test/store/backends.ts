// The databases the store's tests run on: SQLite always, and PostgreSQL when
// KIOSQUE_TEST_DATABASE_URL names a server (CI sets it). Every PostgreSQL
// database handed out lives in a fresh schema of its own, dropped afterwards,
// so runs (and test files running in parallel) cannot collide.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Why this backend does not run here, or null when it does. */
  skip: string | null;
  create(): Promise<TestDatabase>;
}

const PG_URL = process.env.KIOSQUE_TEST_DATABASE_URL?.trim() || null;

/** Why the PostgreSQL tests skip, short: `npm test` explains it once at the end (scripts/run-tests.mjs). */
export const SKIP_POSTGRES = PG_URL ? null : 'no PostgreSQL (KIOSQUE_TEST_DATABASE_URL not set)';

const sqliteBackend: Backend = {
  name: 'sqlite',
  skip: null,
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'kiosque-db-'));
    return {
      url: `sqlite:${join(dir, 'kiosque.db')}`,
      async drop() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresBackend: Backend = {
  name: 'postgres',
  skip: SKIP_POSTGRES,
  async create() {
    if (!PG_URL) throw new Error(SKIP_POSTGRES ?? '');
    const schema = `kiosque_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const url = new URL(PG_URL);
    url.searchParams.set('schema', schema);
    return {
      url: url.toString(),
      async drop() {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

export const BACKENDS: Backend[] = [sqliteBackend, postgresBackend];

// A test file run by hand (node --test …) says it itself.
if (SKIP_POSTGRES && !process.env.KIOSQUE_QUIET_SKIPS) {
  process.stderr.write(
    'PostgreSQL tests skipped: set KIOSQUE_TEST_DATABASE_URL=postgres://user@host/db to run them\n',
  );
  process.env.KIOSQUE_QUIET_SKIPS = '1';
}
