// Storage errors said for what they are (issue 17, clean start; issue 19's
// storage messages): a read-only folder, a damaged database file — one
// sentence with the path and what to do, exit 3, no stack trace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { storageError, storageTrouble } from '../../src/store/storage-errors.ts';
import { BIN, ROOT } from './run.ts';

/** Runs the command; as root (which no folder mode stops), as the user nobody. */
function kiosque(args: string[], env: Record<string, string>) {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...asNobody,
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdout.resume();
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr })),
  );
}

test('a database in a read-only folder: one sentence naming it, exit 3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-ro-'));
  try {
    chmodSync(dir, 0o755);
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    for (const path of [join(locked, 'k.db'), join(locked, 'sub', 'k.db')]) {
      const run = await kiosque(['crawl', '--once'], { DATABASE_URL: `sqlite:${path}` });
      assert.equal(run.code, 3, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(`^kiosque: ${path.replace(/[/.]/g, '\\$&')} cannot be written: .*writable`),
      );
      assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged database file: one sentence naming it, exit 3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-bad-'));
  try {
    chmodSync(dir, 0o777);
    const file = join(dir, 'k.db');
    writeFileSync(file, 'not a database '.repeat(500));
    chmodSync(file, 0o666);
    const run = await kiosque(['crawl', '--once'], { DATABASE_URL: `sqlite:${file}` });
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /is damaged or is not a SQLite database: restore it from a backup/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('storage errors are told apart by their codes, through wrapping errors', () => {
  const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
  assert.equal(storageTrouble(coded('SQLITE_FULL')), 'full');
  assert.equal(storageTrouble(coded('ENOSPC')), 'full');
  assert.equal(storageTrouble(coded('53100', 'could not extend file "base/1/2"')), 'full');
  assert.equal(storageTrouble(coded('SQLITE_READONLY_DBMOVED')), 'read_only');
  assert.equal(storageTrouble(coded('EROFS')), 'read_only');
  assert.equal(storageTrouble(coded('SQLITE_BUSY')), 'locked');
  assert.equal(storageTrouble(coded('SQLITE_NOTADB')), 'corrupt');
  assert.equal(storageTrouble(new Error('wrapped', { cause: coded('SQLITE_FULL') })), 'full');
  assert.equal(storageTrouble(coded('ECONNREFUSED')), null);
  assert.equal(storageTrouble(new Error('something else')), null);
  assert.match(
    storageError(coded('SQLITE_FULL'), '/srv/k.db')!.message,
    /^the disk that holds \/srv\/k\.db is full/,
  );
  assert.match(
    storageError(coded('SQLITE_BUSY'), '/srv/k.db')!.message,
    /^\/srv\/k\.db is locked by another program/,
  );
  assert.equal(storageError(coded('SQLITE_FULL'), '/srv/k.db')!.kind, 'database');
});

test('a database upgraded by a newer Kiosque: one sentence that says so, exit 3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosque-newer-'));
  try {
    chmodSync(dir, 0o777);
    const file = join(dir, 'k.db');
    // Migrated by this version, then one migration more, as a later version would leave it.
    const { openDatabase, Store } = await import('../../src/store/index.ts');
    const store = new Store(await openDatabase(`sqlite:${file}`));
    await store.close();
    const Sqlite = (await import('better-sqlite3')).default;
    const db = new Sqlite(file);
    db.prepare("insert into kysely_migration (name, timestamp) values ('9999-from-a-later-version', ?)").run(
      new Date().toISOString(),
    );
    db.close();
    chmodSync(file, 0o666);
    const run = await kiosque(['crawl', '--once'], { DATABASE_URL: `sqlite:${file}` });
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /^kiosque: this database was upgraded by a newer Kiosque \(its migration 9999-from-a-later-version/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A worker that cannot log in cannot go on: it says so and exits, for the
// service manager to show, instead of retrying for ever as it does when the
// database is only away. (Registered where PostgreSQL is, as in CI.)
const PG = process.env['KIOSQUE_TEST_DATABASE_URL'];
if (PG?.startsWith('postgres'))
  test('PostgreSQL refusing the login: kiosque worker says so in one sentence and exits 3', async () => {
    const url = new URL(PG);
    url.username = 'no_such_kiosque_role';
    const run = await kiosque(['worker'], { DATABASE_URL: url.toString() });
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /^kiosque: cannot connect to PostgreSQL at .*no_such_kiosque_role.*does not exist/,
    );
    assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
  });
