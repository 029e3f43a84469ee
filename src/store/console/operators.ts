// Operators: the people who may sign in to the console (created and given
// passwords from the command line, hence the 'cli' actor in the audit log).
import { type DbHandle, KYSELY } from '../handle.ts';
import { writeAudit } from './audit.ts';

export interface Operator {
  id: number;
  name: string;
  passwordHash: string;
  createdAt: string;
  lastLoginAt: string | null;
}

export async function findOperator({ [KYSELY]: db }: DbHandle, name: string): Promise<Operator | null> {
  const r = await db.selectFrom('operators').selectAll().where('name', '=', name).executeTakeFirst();
  return r
    ? {
        id: Number(r.id),
        name: r.name,
        passwordHash: r.password_hash,
        createdAt: r.created_at,
        lastLoginAt: r.last_login_at,
      }
    : null;
}

/**
 * Creates an operator, or sets the password of an existing one when
 * `replace` is true. Returns what happened; 'exists' when the name is taken
 * and `replace` is false.
 */
export async function saveOperator(
  { [KYSELY]: db }: DbHandle,
  name: string,
  passwordHash: string,
  options: { replace?: boolean; now?: Date } = {},
): Promise<'created' | 'updated' | 'exists'> {
  const at = (options.now ?? new Date()).toISOString();
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('operators').select('id').where('name', '=', name).executeTakeFirst();
    if (found) {
      if (!options.replace) return 'exists';
      await trx
        .updateTable('operators')
        .set({ password_hash: passwordHash })
        .where('id', '=', found.id)
        .execute();
      // A new password ends every session of the old one.
      await trx.deleteFrom('admin_sessions').where('operator_id', '=', Number(found.id)).execute();
      await writeAudit(trx, { id: null, name: 'cli' }, 'operator.password', name, null, at);
      return 'updated';
    }
    await trx.insertInto('operators').values({ name, password_hash: passwordHash, created_at: at }).execute();
    await writeAudit(trx, { id: null, name: 'cli' }, 'operator.create', name, null, at);
    return 'created';
  });
}
