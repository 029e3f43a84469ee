// The operator's console. Operators,
// their sessions (ids stored hashed, so every web process knows them), login
// attempts (rate limits that hold across processes), the audit log, and
// takedowns at a publisher's request.
import { type AnyDb, idColumn, type MigrationDialect } from './columns.ts';

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  const { type: idType, withId } = idColumn(dialect);
  await db.schema
    .createTable('operators')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .execute();

  await db.schema
    .createTable('admin_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'integer', (c) => c.notNull().references('operators.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_sessions_expiry').on('admin_sessions').column('expires_at').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_name').on('login_attempts').columns(['name', 'at']).execute();
  await db.schema
    .createIndex('login_attempts_address')
    .on('login_attempts')
    .columns(['address', 'at'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'integer')
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();

  await db.schema
    .createTable('takedowns')
    .addColumn('id', idType, (c) => withId(c))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('article_id', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('articles', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('takedowns_created').on('takedowns').columns(['created_at', 'id']).execute();
  // The old id of every article a takedown removed: its page answers 410
  // (looked up only when the article is not found, so normal pages pay nothing).
  await db.schema
    .createTable('takedown_articles')
    .addColumn('article_id', 'integer', (c) => c.primaryKey())
    .addColumn('takedown_id', 'integer', (c) => c.notNull())
    .execute();

  // Console-made sources and console edits are 'console': the sync from the
  // sources file leaves them alone. A source taken down stays off whatever
  // the file says.
  await db.schema
    .alterTable('sources')
    .addColumn('managed_by', 'text', (c) => c.notNull().defaultTo('file'))
    .execute();
  await db.schema.alterTable('sources').addColumn('taken_down_at', 'text').execute();
}
