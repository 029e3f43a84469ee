// The story index's keys change (issue 14): an article is now stored under
// its rarest terms (src/stories/signature.ts), no longer under MinHash
// bands, and a new article looks the index up by its terms' keys. The old
// band rows would meet nothing, so they are replaced: each indexed
// article's rows become one per term of its stored signature (a superset
// of its rarest terms: the weights that chose them are not known here).
// The key function is copied, as it stood, so this file imports only kysely.
import { sql } from 'kysely';
import type { AnyDb, MigrationDialect } from './columns.ts';

function fmix(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function termKey(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(fmix(h) ^ 0x4b455953) | 0;
}

const CHUNK = 500;

export async function up(db: AnyDb, dialect: MigrationDialect): Promise<void> {
  await sql`delete from story_bands`.execute(db);
  let after = -1;
  for (;;) {
    const signatures = await db
      .selectFrom('story_signatures')
      .select(['article_id', 'published_at', 'terms'])
      .where('article_id', '>', after)
      .orderBy('article_id')
      .limit(CHUNK)
      .execute();
    if (!signatures.length) break;
    after = Number(signatures[signatures.length - 1]?.article_id);
    const rows = new Map<string, { band_hash: number; published_at: string; article_id: number }>();
    for (const s of signatures) {
      for (const term of String(s.terms).split(' ')) {
        if (!term || term.startsWith('@')) continue;
        const row = {
          band_hash: termKey(term),
          published_at: s.published_at,
          article_id: Number(s.article_id),
        };
        rows.set(`${row.band_hash} ${row.article_id}`, row);
      }
    }
    const all = [...rows.values()];
    // Within SQLite's and PostgreSQL's parameter limits (three a row).
    for (let i = 0; i < all.length; i += 300) {
      const part = all.slice(i, i + 300);
      const insert = db.insertInto('story_bands').values(part);
      await (dialect === 'sqlite' ? insert.onConflict((oc) => oc.doNothing()) : insert).execute();
    }
  }
}
