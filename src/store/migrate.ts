// Runs the migrations of src/store/migrations (one frozen file each, listed
// in order in its index.ts) with Kysely's Migrator: in code, not files read
// at run time, so that one list serves both dialects and ships inside the
// package.
import { KiosqueError } from '../util/errors.ts';
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Dialect } from './dialect.ts';
import { type AnyDb, MIGRATIONS } from './migrations/index.ts';

/** The names of every migration, in order. */
export function migrationNames(): string[] {
  return MIGRATIONS.map((m) => m.name).sort();
}

/** The frozen migrations, each handed the dialect it runs on. */
class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const dialect = this.dialect;
    return Object.fromEntries(MIGRATIONS.map((m) => [m.name, { up: (db: AnyDb) => m.up(db, dialect) }]));
  }
}

/**
 * Applies every pending migration (or those up to `upTo`, for a test of an
 * upgrade with data); throws with the failing migration's name.
 */
export async function migrateToLatest(
  db: AnyDb,
  dialect: Dialect,
  schema: string | null = null,
  upTo?: string,
): Promise<string[]> {
  // With a schema named, Kysely's own bookkeeping tables live there too
  // (otherwise it finds another schema's and believes it is done).
  const migrator = new Migrator({
    db,
    provider: new InCodeProvider(dialect),
    // Features land in parallel branches of work; a database that ran a
    // later-numbered migration first must still take an earlier one.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  // Kysely looks for its own tables by introspecting every schema, resolving
  // each table's name and columns (pg_get_serial_sequence); a schema, table
  // or column that another connection drops meanwhile makes that read fail
  // with "schema … does not exist", "relation "<theirs>.t" does not exist"
  // or "column "x" of relation "t" does not exist" for an object that is not
  // ours (seen in CI, where test schemas come and go). Nothing was applied
  // then (no migration ran, so none failed): ask again.
  const migrate = () => (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest());
  let { error, results } = await migrate();
  // (Each try fails only if a drop lands inside its catalog reads; under a
  // steady churn of schemas that is often, so many quick tries, at most ~1 s.)
  const vanished = () =>
    error && !results?.some((r) => r.status === 'Error') && isOthersObjectGone(error, schema);
  for (let attempt = 0; attempt < 50 && vanished(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 30));
    ({ error, results } = await migrate());
  }
  const failed = results?.find((r) => r.status === 'Error');
  // A migration this version does not know ran here: a newer Kiosque has
  // used this database. Said so, rather than Kysely's "corrupted migrations".
  const unknown =
    error instanceof Error
      ? /previously executed migration (\S+) is missing/.exec(error.message)?.[1]
      : undefined;
  if (unknown) {
    throw new KiosqueError(
      {
        kind: 'database',
        message: `this database was upgraded by a newer Kiosque (its migration ${unknown} is unknown to this version): run that version or a newer one, or restore a backup made before the upgrade`,
      },
      { cause: error },
    );
  }
  if (error) {
    const what = failed ? `migration ${failed.migrationName}` : 'migrations';
    throw new Error(`database ${what} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * A catalog read that failed on an object dropped meanwhile by another
 * connection: a schema other than ours, a relation of another schema, or a
 * column (PostgreSQL's message for that one names no schema; it is ours only
 * if a migration failed, which the caller rules out).
 */
function isOthersObjectGone(error: unknown, ours: string | null): boolean {
  const message = error instanceof Error ? error.message : String(error);
  const schema = /schema "([^"]+)" does not exist/.exec(message);
  if (schema) return schema[1] !== ours;
  const relation = /relation "([^".]+)\.[^"]+" does not exist/.exec(message);
  if (relation) return relation[1] !== ours;
  return /column "[^"]+" of relation "[^"]+" does not exist/.test(message);
}
