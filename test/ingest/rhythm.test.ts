import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { learnRhythm, rhythmAt, slotOf } from '../../src/ingest/rhythm.ts';
import { decideSchedule } from '../../src/ingest/schedule.ts';

// A newsroom in Rabat (UTC+1 in December): an article every 20 minutes from
// 07:00 to 23:00 local time, six an hour from 18:00 to 20:00, nothing at night,
// for four weeks before Monday 7 December 2026.
const ZONE = 'Africa/Casablanca';
const now = new Date('2026-12-07T02:00:00Z'); // Monday 03:00 in Rabat
function history(): Date[] {
  const dates: Date[] = [];
  for (let day = 1; day <= 28; day++) {
    const midnightLocal = Date.UTC(2026, 11, 7) - day * 86_400_000 - 3_600_000;
    for (let hour = 7; hour < 23; hour++) {
      const perHour = hour >= 18 && hour < 20 ? 6 : 3;
      for (let k = 0; k < perHour; k++)
        dates.push(new Date(midnightLocal + hour * 3_600_000 + (k * 60 * 60_000) / perHour));
    }
  }
  return dates;
}
const local = (iso: string) => new Date(new Date(iso).getTime() - 3_600_000); // Rabat wall clock → UTC

describe('rhythm by hour of the week', () => {
  test("slots are the publication's own hours: Monday 00:00 in its zone is slot 0", () => {
    assert.equal(slotOf(local('2026-12-07T00:30:00Z'), ZONE), 0);
    assert.equal(slotOf(local('2026-12-07T23:30:00Z'), ZONE), 23);
    assert.equal(slotOf(local('2026-12-13T23:59:00Z'), ZONE), 167);
    // The same instant is another hour in UTC.
    assert.equal(slotOf(local('2026-12-07T00:30:00Z'), 'UTC'), 167);
  });

  test('too short or too thin a history tells nothing', () => {
    const twoDays = history().filter((d) => now.getTime() - d.getTime() < 2 * 86_400_000);
    assert.equal(learnRhythm(twoDays, now, ZONE), null);
    const sparse = history().filter((_, i) => i % 100 === 0);
    assert.equal(learnRhythm(sparse, now, ZONE), null);
  });

  test('the night is quiet until the morning; the evening is a rush; the afternoon neither', () => {
    const rhythm = learnRhythm(history(), now, ZONE)!;
    assert.ok(rhythm);
    assert.ok(rhythm.weeks > 3.9 && rhythm.weeks <= 4, `${rhythm.weeks} weeks`);
    const night = rhythmAt(rhythm, now);
    assert.equal(night.quiet, true);
    assert.equal(night.rush, false);
    // Quiet ends an hour before the first articles: the 06:00 slot leans on 07:00.
    assert.equal(night.quietUntil?.toISOString(), local('2026-12-07T06:00:00Z').toISOString());
    const evening = rhythmAt(rhythm, local('2026-12-07T18:30:00Z'));
    assert.equal(evening.rush, true);
    assert.equal(evening.quiet, false);
    const afternoon = rhythmAt(rhythm, local('2026-12-07T14:30:00Z'));
    assert.equal(afternoon.rush, false);
    assert.equal(afternoon.quiet, false);
    assert.ok(Math.abs(afternoon.perHour - 3) < 0.05, `${afternoon.perHour} an hour at 14:30`);
  });
});

describe('the schedule spends the budget by the rhythm', () => {
  const rhythm = learnRhythm(history(), now, ZONE)!;
  const base = {
    consecutiveErrors: 0,
    failingSince: null,
    outcome: 'not_modified' as const,
    entryDates: [],
    intervalS: 90,
    random: () => 0.5,
  };
  const waitS = (d: { nextFetchAt: string }, at: Date) => (Date.parse(d.nextFetchAt) - at.getTime()) / 1000;

  test('a quiet night: the last evening article no longer makes it live; asked every 30 min, and as the quiet ends', () => {
    const lastEvening = local('2026-12-06T22:40:00Z');
    const withoutRhythm = decideSchedule({ ...base, now, newestArticleAt: lastEvening });
    assert.equal(withoutRhythm.intervalS, 90);
    const night = decideSchedule({
      ...base,
      now,
      newestArticleAt: lastEvening,
      rhythm: rhythmAt(rhythm, now),
    });
    assert.equal(night.intervalS, 1800);
    // Nor a long silence's slower pace: the night desk looks every half hour.
    const slow = decideSchedule({
      ...base,
      intervalS: 4 * 3600,
      now,
      newestArticleAt: lastEvening,
      rhythm: rhythmAt(rhythm, now),
    });
    assert.equal(slow.intervalS, 1800);
    const dawn = local('2026-12-07T05:45:00Z');
    const beforeMorning = decideSchedule({
      ...base,
      now: dawn,
      newestArticleAt: lastEvening,
      rhythm: rhythmAt(rhythm, dawn),
    });
    assert.equal(beforeMorning.intervalS, 900);
  });

  test('a story breaking at night: an article in the last hour makes it live again', () => {
    const burst = decideSchedule({
      ...base,
      now,
      newestArticleAt: new Date(now.getTime() - 20 * 60_000),
      rhythm: rhythmAt(rhythm, now),
    });
    assert.equal(burst.intervalS, 90);
  });

  test('the evening rush: as often as the budget allows', () => {
    const rush = local('2026-12-07T18:30:00Z');
    const d = decideSchedule({
      ...base,
      now: rush,
      newestArticleAt: new Date(rush.getTime() - 5 * 60_000),
      rhythm: rhythmAt(rhythm, rush),
    });
    assert.equal(d.intervalS, 67);
    assert.ok(waitS(d, rush) >= 60);
  });

  test("the budget is the publication's: its feeds share it", () => {
    for (const feeds of [1, 3, 10]) {
      for (const r of [0, 0.999]) {
        const d = decideSchedule({
          ...base,
          now,
          newestArticleAt: now,
          random: () => r,
          feedsOfSource: feeds,
        });
        assert.ok(waitS(d, now) >= 60 * feeds, `${feeds} feeds: one waits ${waitS(d, now)} s`);
      }
    }
  });
});
