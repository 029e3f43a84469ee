// Long `IN (…)` lists and multi-row inserts cut into parts: SQLite caps a
// statement's parameters, and PostgreSQL plans short lists better.
export const IN_CHUNK = 400;

export function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
