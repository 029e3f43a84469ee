// Console sessions, in the database so every web process knows them: the
// session id stored hashed, beside the session's CSRF token.
import { type DbHandle, KYSELY } from '../handle.ts';

export interface SessionRecord {
  operatorId: number;
  operatorName: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(
  { [KYSELY]: db }: DbHandle,
  s: { idHash: string; operatorId: number; csrfToken: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('admin_sessions')
      .values({
        id_hash: s.idHash,
        operator_id: s.operatorId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      })
      .execute();
    await trx
      .updateTable('operators')
      .set({ last_login_at: s.createdAt })
      .where('id', '=', s.operatorId)
      .execute();
    // Expired sessions go when someone logs in: the table stays small.
    await trx.deleteFrom('admin_sessions').where('expires_at', '<=', s.createdAt).execute();
  });
}

export async function findSession(
  { [KYSELY]: db }: DbHandle,
  idHash: string,
  now: Date,
): Promise<SessionRecord | null> {
  const r = await db
    .selectFrom('admin_sessions')
    .innerJoin('operators', 'operators.id', 'admin_sessions.operator_id')
    .select([
      'admin_sessions.operator_id',
      'operators.name',
      'admin_sessions.csrf_token',
      'admin_sessions.expires_at',
    ])
    .where('admin_sessions.id_hash', '=', idHash)
    .where('admin_sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return r
    ? {
        operatorId: Number(r.operator_id),
        operatorName: r.name,
        csrfToken: r.csrf_token,
        expiresAt: r.expires_at,
      }
    : null;
}

export async function deleteSession({ [KYSELY]: db }: DbHandle, idHash: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
}
