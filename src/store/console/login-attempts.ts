// Sign-in attempts, kept a day: the rate limits on failed logins hold
// across processes because they count rows, not memory.
import { type DbHandle, KYSELY } from '../handle.ts';

export async function recordLoginAttempt(
  { [KYSELY]: db }: DbHandle,
  a: { name: string; address: string; ok: boolean; at: Date },
): Promise<void> {
  const at = a.at.toISOString();
  await db
    .insertInto('login_attempts')
    .values({ name: a.name, address: a.address, ok: a.ok ? 1 : 0, at })
    .execute();
  // Attempts older than a day count for nothing any more.
  if (Math.random() < 0.05) {
    await db
      .deleteFrom('login_attempts')
      .where('at', '<', new Date(a.at.getTime() - 86_400_000).toISOString())
      .execute();
  }
}

/** Failed attempts since `since` for this name and from this address, and the oldest of each. */
export async function failedLogins(
  { [KYSELY]: db }: DbHandle,
  name: string,
  address: string,
  since: Date,
): Promise<{
  byName: number;
  byAddress: number;
  oldestByName: string | null;
  oldestByAddress: string | null;
}> {
  const count = async (column: 'name' | 'address', value: string) =>
    db
      .selectFrom('login_attempts')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
      .where(column, '=', value)
      .where('ok', '=', 0)
      .where('at', '>', since.toISOString())
      .executeTakeFirstOrThrow();
  const [n, a] = await Promise.all([count('name', name), count('address', address)]);
  return {
    byName: Number(n.n),
    byAddress: Number(a.n),
    oldestByName: (n.oldest as string | null) ?? null,
    oldestByAddress: (a.oldest as string | null) ?? null,
  };
}
