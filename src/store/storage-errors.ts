// Storage errors named for what they are. A full disk, a read-only folder,
// a database another program holds, a damaged file: each says so in one
// sentence with the path and what to do, where SQLite's own words ("attempt
// to write a readonly database") or Node's ("EACCES: permission denied,
// mkdir") with a stack trace told an operator nothing they could act on.
import { dirname } from 'node:path';
import { KiosqueError } from '../util/errors.ts';

export type StorageTrouble = 'full' | 'read_only' | 'locked' | 'corrupt';

const BY_CODE: Record<string, StorageTrouble> = {
  // SQLite (better-sqlite3's SqliteError.code; extended codes start the same)
  SQLITE_FULL: 'full',
  SQLITE_READONLY: 'read_only',
  SQLITE_CANTOPEN: 'read_only',
  SQLITE_BUSY: 'locked',
  SQLITE_LOCKED: 'locked',
  SQLITE_CORRUPT: 'corrupt',
  SQLITE_NOTADB: 'corrupt',
  // the file system (Node)
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'read_only',
  EACCES: 'read_only',
  EPERM: 'read_only',
  // PostgreSQL: disk_full, "could not extend file"; read_only_sql_transaction
  '53100': 'full',
  '25006': 'read_only',
};

/** What went wrong with the storage, if that is what `err` (or an error it wraps) is. */
export function storageTrouble(err: unknown): StorageTrouble | null {
  for (const { code, message } of errorChain(err)) {
    if (typeof code === 'string') {
      const exact = BY_CODE[code];
      if (exact) return exact;
      // Extended SQLite codes: SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_…
      const base = /^(SQLITE_[A-Z]+)_/.exec(code)?.[1];
      if (base && BY_CODE[base]) return BY_CODE[base]!;
    }
    if (typeof message === 'string' && /could not extend file|No space left on device/i.test(message))
      return 'full';
  }
  return null;
}

/** An error and the errors it wraps (`cause`), five deep at most. */
function* errorChain(err: unknown): Generator<{ code?: unknown; message?: unknown }> {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    yield e as { code?: unknown; message?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

/**
 * The storage error `err` is, as one sentence about `where` (the SQLite
 * file, or "the PostgreSQL database"), or null when it is something else.
 */
export function storageError(err: unknown, where: string): KiosqueError | null {
  const trouble = storageTrouble(err);
  if (!trouble) return null;
  const isFile = where.startsWith('/');
  const sentence: Record<StorageTrouble, string> = {
    full: `the disk that holds ${where} is full: free some space, then start again (nothing stored is lost; the next crawl fetches what was missed)`,
    read_only: isFile
      ? `${where} cannot be written: the file or its folder ${dirname(where)} is read-only or not writable by this user; make them writable, or set DATABASE_URL to a folder that is`
      : `${where} cannot be written (a read-only server or a read-only user): point DATABASE_URL at the primary, with a user that may write`,
    locked: `${where} is locked by another program (a backup, an editor, a copy in progress): close it, then start again`,
    corrupt: isFile
      ? `${where} is damaged or is not a SQLite database: restore it from a backup (sqlite3 … ".recover" may save what is left), or set DATABASE_URL to a new file`
      : `${where} reports damaged data: see PostgreSQL's log, and restore from a backup`,
  };
  return new KiosqueError({ kind: 'database', message: sentence[trouble] }, { cause: err });
}

/** Codes of a database that cannot be reached (restarting, stopped, the network): the work waits and tries again. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
]);

/** Whether `err` (or an error it wraps) says the database cannot be reached now. */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (const { code, message } of errorChain(err)) {
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|not queryable|timeout exceeded when trying to connect/i.test(message)
    )
      return true;
  }
  return false;
}
