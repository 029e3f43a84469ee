// The audit log: one row per operator action, written in the same
// transaction as the change it records (writeAudit over that transaction).
import type { Kysely, Transaction } from 'kysely';
import { type DbHandle, KYSELY } from '../handle.ts';
import type { Database } from '../schema.ts';

/** Who did it: the operator in session (or the command line). */
export interface Actor {
  id: number | null;
  name: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  operatorName: string;
  action: string;
  target: string | null;
  details: string | null;
}

/** Writes one audit row, inside the caller's transaction when it has one. */
export async function writeAudit(
  db: Kysely<Database> | Transaction<Database>,
  actor: Actor,
  action: string,
  target: string | null,
  details: string | null,
  at: string,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at, operator_id: actor.id, operator_name: actor.name, action, target, details })
    .execute();
}

/** Records one operator action on its own (for actions whose change is made elsewhere). */
export async function audit(
  { [KYSELY]: db }: DbHandle,
  actor: Actor,
  action: string,
  target: string | null,
  details: string | null = null,
  now: Date = new Date(),
): Promise<void> {
  await writeAudit(db, actor, action, target, details, now.toISOString());
}

export async function listAudit(
  { [KYSELY]: db }: DbHandle,
  options: { limit: number; beforeId?: number | null; operator?: string | null },
): Promise<{ items: AuditEntry[]; next: number | null }> {
  let q = db.selectFrom('audit_log').selectAll();
  if (options.beforeId) q = q.where('id', '<', options.beforeId);
  if (options.operator) q = q.where('operator_name', '=', options.operator);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      at: r.at,
      operatorName: r.operator_name,
      action: r.action,
      target: r.target,
      details: r.details,
    })),
    next: rows.length > options.limit ? Number(page[page.length - 1]?.id) : null,
  };
}
