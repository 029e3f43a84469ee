// Each publication's pace as the schedule needs it: its rhythm by hour of
// the week (rhythm.ts) and how many feeds share its budget. Learned from the
// store at most once an hour per publication (a rhythm over four weeks does
// not change from one poll to the next), kept in this process.
import { type DbHandle, sourceHistory } from '../store/index.ts';
import { learnRhythm, RHYTHM_WINDOW_DAYS, type Rhythm } from './rhythm.ts';

const RELEARN_MS = 60 * 60 * 1000;

export interface Pace {
  rhythm: Rhythm | null;
  /** The publication's enabled feeds. */
  feeds: number;
}

export class PaceBook {
  private readonly paces = new Map<number, { pace: Pace; learnedAt: number; timezone: string }>();

  constructor(private readonly store: DbHandle) {}

  async of(sourceId: number, timezone: string, now: Date): Promise<Pace> {
    const known = this.paces.get(sourceId);
    if (known && known.timezone === timezone && now.getTime() - known.learnedAt < RELEARN_MS)
      return known.pace;
    const since = new Date(now.getTime() - RHYTHM_WINDOW_DAYS * 86_400_000).toISOString();
    const history = await sourceHistory(this.store, sourceId, since);
    const pace: Pace = {
      rhythm: learnRhythm(
        history.dates.map((d) => new Date(d)),
        now,
        timezone,
      ),
      feeds: history.feeds,
    };
    this.paces.set(sourceId, { pace, learnedAt: now.getTime(), timezone });
    return pace;
  }

  /** Forgets a publication's pace (its feeds changed): learned again at its next poll. */
  forget(sourceId: number): void {
    this.paces.delete(sourceId);
  }
}
