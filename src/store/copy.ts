// Copying an installation from one database to another (SQLite to
// PostgreSQL, typically): table by table in key order, in batches, each batch
// in one transaction. The copy is resumable: rows already in the target are
// found by their keys and skipped, so an interrupted copy just runs again.
import { sql } from 'kysely';
import type { Connection } from './connect.ts';
import type { Database } from './schema.ts';
import { indexArticles, markTimeTagsComplete } from './search/index.ts';
import { handleOn } from './handle.ts';

type Table = keyof Database;

interface TablePlan {
  table: Table;
  /** The columns copied, explicitly. */
  columns: string[];
  /** The key the copy walks in order. */
  key: string[];
  /** Has an identity column whose sequence must move past the copied ids. */
  identity: boolean;
}

// In the order foreign keys need. Not copied: crawl_hosts (politeness state
// of running workers) and site_version (each database keeps its own).
export const COPY_PLAN: TablePlan[] = [
  {
    table: 'sources',
    columns: [
      'id',
      'slug',
      'name',
      'homepage',
      'language',
      'timezone',
      'mode',
      'enabled',
      'settings_json',
      'created_at',
      'updated_at',
      'report_threshold',
      'managed_by',
      'taken_down_at',
    ],
    key: ['id'],
    identity: true,
  },
  {
    table: 'feeds',
    columns: [
      'id',
      'source_id',
      'url',
      'effective_url',
      'discovered_at',
      'category',
      'enabled',
      'etag',
      'last_modified',
      'status',
      'next_fetch_at',
      'interval_s',
      'retry_after_until',
      'consecutive_errors',
      'failing_since',
      'last_error_kind',
      'last_error_message',
      'last_error_at',
      'last_fetched_at',
      'last_success_at',
      'last_status',
      'origin',
      'created_at',
      'entry_prints',
    ],
    key: ['id'],
    identity: true,
  },
  {
    table: 'articles',
    columns: [
      'id',
      'source_id',
      'feed_id',
      'identity',
      'guid',
      'canonical_url',
      'title',
      'summary',
      'content_html',
      'text',
      'author',
      'language',
      'category',
      'lead_image_url',
      'content_hash',
      'published_at',
      'published_at_guessed',
      'fetched_at',
      'updated_at',
      'story_id',
    ],
    key: ['id'],
    identity: true,
  },
  {
    table: 'article_tombstones',
    columns: ['id', 'source_id', 'identity', 'canonical_url', 'reason', 'removed_at'],
    key: ['id'],
    identity: true,
  },
  {
    table: 'images',
    columns: [
      'id',
      'url',
      'first_seen_at',
      'blocked',
      'blocked_at',
      'content_hash',
      'content_type',
      'width',
      'height',
      'fetched_at',
    ],
    key: ['id'],
    identity: true,
  },
  {
    table: 'article_images',
    columns: ['article_id', 'image_id', 'position', 'found_in', 'caption'],
    key: ['article_id', 'image_id'],
    identity: false,
  },
  {
    // The page queue: its leases are not copied (no worker of the old
    // installation is running during a copy).
    table: 'article_pages',
    columns: [
      'article_id',
      'url',
      'origin',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error_kind',
      'last_error_message',
      'method',
      'fetched_at',
    ],
    key: ['article_id'],
    identity: false,
  },
  {
    table: 'fetch_log',
    columns: [
      'id',
      'feed_id',
      'started_at',
      'duration_ms',
      'outcome',
      'http_status',
      'error_kind',
      'error_message',
      'bytes',
      'entries',
      'new_articles',
      'updated_articles',
      'worker',
    ],
    key: ['id'],
    identity: true,
  },
  // Image reports (0006_image_reports): the reports, the operator's decisions,
  // and the secrets, without which the copied address hashes would no longer
  // match their readers. The rate-limit counters are not worth copying.
  {
    table: 'image_reports',
    columns: ['id', 'image_id', 'address_hash', 'reader_hash', 'created_at', 'dismissed_at'],
    key: ['id'],
    identity: true,
  },
  {
    table: 'image_moderation',
    columns: ['image_id', 'status', 'decided_by', 'reason', 'decided_at'],
    key: ['image_id'],
    identity: false,
  },
  {
    table: 'app_secrets',
    columns: ['name', 'value', 'created_at'],
    key: ['name'],
    identity: false,
  },
  // The console (0007_console): operators, the audit log and takedowns (the
  // 410 pages). Sessions and login attempts are not copied: operators log in again.
  {
    table: 'operators',
    columns: ['id', 'name', 'password_hash', 'created_at', 'last_login_at'],
    key: ['id'],
    identity: true,
  },
  {
    table: 'audit_log',
    columns: ['id', 'at', 'operator_id', 'operator_name', 'action', 'target', 'details'],
    key: ['id'],
    identity: true,
  },
  {
    table: 'takedowns',
    columns: [
      'id',
      'kind',
      'source_id',
      'article_id',
      'title',
      'url',
      'reason',
      'operator_name',
      'articles',
      'created_at',
    ],
    key: ['id'],
    identity: true,
  },
  {
    table: 'takedown_articles',
    columns: ['article_id', 'takedown_id'],
    key: ['article_id'],
    identity: false,
  },
  // Story clusters (0008_stories): the stories, and what detection reads.
  {
    table: 'stories',
    columns: [
      'id',
      'title',
      'first_article_id',
      'first_source_id',
      'article_count',
      'source_count',
      'first_published_at',
      'last_published_at',
      'created_at',
      'updated_at',
    ],
    key: ['id'],
    identity: true,
  },
  {
    table: 'story_signatures',
    columns: ['article_id', 'source_id', 'published_at', 'terms'],
    key: ['article_id'],
    identity: false,
  },
  {
    table: 'story_bands',
    columns: ['band_hash', 'published_at', 'article_id'],
    key: ['article_id', 'band_hash'],
    identity: false,
  },
  {
    table: 'story_terms',
    columns: ['term', 'articles'],
    key: ['term'],
    identity: false,
  },
  // Articles not yet in the story index: the new database detects their stories.
  {
    table: 'index_queue',
    columns: ['article_id', 'work', 'queued_at', 'attempts', 'last_error'],
    key: ['article_id'],
    identity: false,
  },
];

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface CopyOptions {
  batchSize?: number;
  onProgress?: (p: CopyProgress) => void;
  /** Stops after this many batches in all (to test resuming); undefined: copy everything. */
  maxBatches?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: rows are copied column by column, whatever their table
type Row = Record<string, any>;

async function count(conn: Connection, table: Table): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(conn.db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Where the target stands: the greatest key already copied, or null. */
async function lastKey(conn: Connection, plan: TablePlan): Promise<Row | null> {
  const order = plan.key.map((k) => sql`${sql.ref(k)} desc`);
  const cols = plan.key.map((k) => sql.ref(k));
  const r =
    await sql<Row>`select ${sql.join(cols)} from ${sql.table(plan.table)} order by ${sql.join(order)} limit 1`.execute(
      conn.db,
    );
  return r.rows[0] ?? null;
}

async function readBatch(
  conn: Connection,
  plan: TablePlan,
  after: Row | null,
  limit: number,
): Promise<Row[]> {
  const cols = plan.columns.map((c) => sql.ref(c));
  const order = plan.key.map((k) => sql.ref(k));
  // Row-value comparison (a, b) > (x, y) walks a composite key in order; both dialects have it.
  const where = after
    ? sql`where (${sql.join(order)}) > (${sql.join(plan.key.map((k) => after[k]))})`
    : sql``;
  const r = await sql<Row>`select ${sql.join(cols)} from ${sql.table(plan.table)} ${where}
    order by ${sql.join(order)} limit ${limit}`.execute(conn.db);
  return r.rows;
}

async function writeBatch(conn: Connection, plan: TablePlan, rows: Row[]): Promise<void> {
  const cols = plan.columns.map((c) => sql.ref(c));
  const values = rows.map((row) => sql`(${sql.join(plan.columns.map((c) => row[c] ?? null))})`);
  await conn.db.transaction().execute(async (trx) => {
    await sql`insert into ${sql.table(plan.table)} (${sql.join(cols)}) values ${sql.join(values)}
      on conflict do nothing`.execute(trx);
  });
}

/**
 * Copies every table of `from` into `to` (both migrated to the same
 * version). Returns false when stopped early by maxBatches.
 */
export async function copyDatabase(
  from: Connection,
  to: Connection,
  options: CopyOptions = {},
): Promise<boolean> {
  const batchSize = options.batchSize ?? 1000;
  let batches = 0;
  for (const plan of COPY_PLAN) {
    const total = await count(from, plan.table);
    let after = await lastKey(to, plan);
    let copied = after ? await count(to, plan.table) : 0;
    options.onProgress?.({ table: plan.table, copied, total });
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return false;
      const rows = await readBatch(from, plan, after, batchSize);
      if (!rows.length) break;
      await writeBatch(to, plan, rows);
      // The search index is made from the articles, not copied (SQLite keeps it in FTS5).
      if (plan.table === 'articles')
        await indexArticles(
          handleOn(to.db, to.dialect),
          rows.map((r) => Number(r.id)),
        );
      batches++;
      copied += rows.length;
      const last = rows[rows.length - 1]!;
      after = Object.fromEntries(plan.key.map((k) => [k, last[k]]));
      options.onProgress?.({ table: plan.table, copied: Math.min(copied, total), total });
    }
    // Every copied article was indexed here with its time tags: date filters may read them all.
    if (plan.table === 'articles') await markTimeTagsComplete(handleOn(to.db, to.dialect));
    if (plan.identity && to.dialect === 'postgres') {
      // Explicit ids do not move an identity's sequence: move it past them.
      await sql`select setval(pg_get_serial_sequence(${plan.table}, 'id'),
        coalesce((select max(id) from ${sql.table(plan.table)}), 0) + 1, false)`.execute(to.db);
    }
  }
  return true;
}

/** Every copied table's row count on both sides. */
export async function compareCounts(from: Connection, to: Connection): Promise<TableCount[]> {
  const out: TableCount[] = [];
  for (const plan of COPY_PLAN) {
    out.push({
      table: plan.table,
      source: await count(from, plan.table),
      target: await count(to, plan.table),
    });
  }
  return out;
}
