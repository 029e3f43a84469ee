// Feed runs that are ready together share one SQLite commit.
//
// A commit on SQLite writes every page the transaction touched to the WAL
// (and the checkpoint copies them into the file again). A feed run of 50
// articles dirties ~250 pages: its rows, and a page of each index whose key
// is not the source's (published, category, author) for nearly every
// article. Runs committed together share those pages: in `bench:ingest`,
// runs gathered for 20 ms made groups of ~2 and wrote ~460 pages a commit;
// gathered for 200 ms, groups of ~6 wrote ~950, a third of the pages a run
// alone wrote (measured from the WAL's growth at each commit). A run waits
// at most GATHER_MS more before it is stored: nothing a reader would see.
// It waits only while runs come together (the last commit held several):
// a caller that stores one run after another is not held back each time.
//
// Each run keeps its own all-or-nothing: it runs in a savepoint, and a run
// that fails is rolled back to it alone, its caller told of its error while
// the others commit. If the transaction itself is lost (SQLite rolls it
// back whole on a full disk or an I/O error, or the commit fails), every run
// of the group is told of that error and nothing of any of them is kept,
// so each is a failed run that keeps its feed's old validators and is
// fetched again: no article is lost either way.
//
// PostgreSQL keeps one transaction per run: its runs come from many
// processes, and a shared transaction would hold one run's row locks for
// the others' time.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** How long the first run of a group waits for others to join it, while runs come together. */
export const GATHER_MS = 200;
/** Runs one commit holds at most: a bound on the time the writer is held and on what one failure undoes. */
export const MAX_RUNS_PER_COMMIT = 16;
/**
 * Articles one commit holds at most: the runs of a group keep their
 * articles in memory while it gathers, so a group with this many commits
 * at once (a run of an archive-sized feed is committed on its own).
 */
export const MAX_ARTICLES_PER_COMMIT = 400;

interface Member {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Group {
  members: Member[];
  articles: number;
  timer: NodeJS.Timeout | null;
}

/** The group still gathering, per database. */
const gathering = new WeakMap<Kysely<Database>, Group>();
/** How many runs the last group committed, per database: one alone, the next does not wait. */
const lastGroupSize = new WeakMap<Kysely<Database>, number>();

/**
 * Runs `work`, which stores `articles` articles, in a transaction it may
 * share with other feed runs ready within GATHER_MS; resolves with its
 * result once the shared commit is done, or rejects with its own error (or
 * the transaction's).
 */
export function inSharedCommit<T>(
  db: Kysely<Database>,
  articles: number,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let group = gathering.get(db);
    if (!group) {
      const created: Group = { members: [], articles: 0, timer: null };
      const wait = (lastGroupSize.get(db) ?? 1) > 1 ? GATHER_MS : 0;
      created.timer = setTimeout(() => commitGroup(db, created), wait);
      gathering.set(db, created);
      group = created;
    }
    group.members.push({ work, resolve: resolve as (value: unknown) => void, reject });
    group.articles += articles;
    if (group.members.length >= MAX_RUNS_PER_COMMIT || group.articles >= MAX_ARTICLES_PER_COMMIT) {
      if (group.timer) clearTimeout(group.timer);
      commitGroup(db, group);
    }
  });
}

function commitGroup(db: Kysely<Database>, group: Group): void {
  if (gathering.get(db) === group) gathering.delete(db);
  group.timer = null;
  lastGroupSize.set(db, group.members.length);
  const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
  db.transaction()
    .execute(async (trx) => {
      for (const [i, member] of group.members.entries()) {
        const name = sql.raw(`feed_run_${i}`);
        await sql`savepoint ${name}`.execute(trx);
        try {
          const value = await member.work(trx);
          await sql`release ${name}`.execute(trx);
          outcomes.push({ ok: true, value });
        } catch (err) {
          outcomes.push({ ok: false, err });
          // A statement's failure that took the whole transaction with it
          // (a full disk) leaves no savepoint: this throws, and every run
          // of the group gets the transaction's end.
          await sql`rollback to ${name}`.execute(trx);
          await sql`release ${name}`.execute(trx);
        }
      }
    })
    .then(
      () => {
        for (const [i, member] of group.members.entries()) {
          const outcome = outcomes[i];
          if (outcome?.ok) member.resolve(outcome.value);
          else member.reject(outcome?.err);
        }
      },
      (err) => {
        // The group's own error for the run that caused it, the transaction's for the rest.
        for (const [i, member] of group.members.entries()) {
          const outcome = outcomes[i];
          member.reject(outcome && !outcome.ok ? outcome.err : err);
        }
      },
    );
}
