import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeedDate } from '../../src/feeds/index.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
const CASA = 'Africa/Casablanca';

const cases: [string, string | null, string?][] = [
  // RFC 822 / 1123
  ['Mon, 03 Mar 2025 14:05:00 GMT', '2025-03-03T14:05:00.000Z'],
  ['Mon, 03 Mar 2025 14:05:00 UT', '2025-03-03T14:05:00.000Z'],
  ['Mon, 03 Mar 2025 14:05:00 Z', '2025-03-03T14:05:00.000Z'],
  ['Mon, 03 Mar 2025 14:05:00 EST', '2025-03-03T19:05:00.000Z'],
  ['Mon, 03 Mar 2025 14:05:00 PDT', '2025-03-03T21:05:00.000Z'],
  ['Mon, 03 Mar 2025 14:05:00 CET', '2025-03-03T13:05:00.000Z'],
  ['Mon, 03 Mar 2025 14:05:00 -0500', '2025-03-03T19:05:00.000Z'],
  ['3 Mar 2025 14:05 +0100', '2025-03-03T13:05:00.000Z'],
  ['Mon, 3 Mar 25 14:05:00 +01:00', '2025-03-03T13:05:00.000Z'],
  ['Mon,3 Mar 2025 14:05:00 GMT+1', '2025-03-03T13:05:00.000Z'],
  ['Monday, March 3, 2025 2:05 PM GMT', '2025-03-03T14:05:00.000Z'],
  ['Tue, 04 Feb 2025 09:30:00', '2025-02-04T08:30:00.000Z'], // no zone: Casablanca, UTC+1 in February
  // ISO 8601 / RFC 3339
  ['2025-03-03T14:05:00Z', '2025-03-03T14:05:00.000Z'],
  ['2025-03-03T14:05:00.123456+01:00', '2025-03-03T13:05:00.123Z'],
  ['2025-03-03T14:05+0100', '2025-03-03T13:05:00.000Z'],
  ['2025-03-03 14:05', '2025-03-03T14:05:00.000Z'], // Ramadan 2025: Casablanca at UTC+0
  ['2025-02-03 14:05', '2025-02-03T13:05:00.000Z'],
  ['2025-07-01', '2025-06-30T23:00:00.000Z', '2025-07-02T00:00:00Z'],
  ['2025-03-03T14:05:00', '2025-03-03T14:05:00.000Z'],
  // French
  ['lundi 3 mars 2025 14:05', '2025-03-03T14:05:00.000Z'],
  ['Lundi 3 Mars 2025 à 14h05', '2025-03-03T14:05:00.000Z'],
  ['03 févr. 2025', '2025-02-02T23:00:00.000Z'],
  ['3 fevrier 2025 08h00', '2025-02-03T07:00:00.000Z'],
  ['1er janvier 2025', '2024-12-31T23:00:00.000Z'],
  ['mar. 4 mars 2025 10:00', '2025-03-04T10:00:00.000Z'],
  ['15 août 2024 - 10:30', '2024-08-15T09:30:00.000Z'],
  ['15 aout 2024', '2024-08-14T23:00:00.000Z'],
  ['04/02/2025 09:30', '2025-02-04T08:30:00.000Z'], // day first
  // Arabic, Moroccan and Middle-Eastern month names
  ['3 مارس 2025 14:05', '2025-03-03T14:05:00.000Z'],
  ['الإثنين 3 مارس 2025 - 14:05', '2025-03-03T14:05:00.000Z'],
  ['15 أبريل 2024', '2024-04-14T23:00:00.000Z'],
  ['15 ابريل 2024', '2024-04-14T23:00:00.000Z'],
  ['1 ماي 2024', '2024-04-30T23:00:00.000Z'],
  ['1 مايو 2024', '2024-04-30T23:00:00.000Z'],
  ['10 يونيو 2024', '2024-06-09T23:00:00.000Z'],
  ['10 يونيه 2024', '2024-06-09T23:00:00.000Z'],
  ['20 غشت 2024', '2024-08-19T23:00:00.000Z'],
  ['20 أغسطس 2024', '2024-08-19T23:00:00.000Z'],
  ['5 شتنبر 2024', '2024-09-04T23:00:00.000Z'],
  ['5 سبتمبر 2024', '2024-09-04T23:00:00.000Z'],
  ['5 أكتوبر 2024', '2024-10-04T23:00:00.000Z'],
  ['5 نونبر 2024', '2024-11-04T23:00:00.000Z'],
  ['5 نوفمبر 2024', '2024-11-04T23:00:00.000Z'],
  ['5 دجنبر 2024', '2024-12-04T23:00:00.000Z'],
  ['5 ديسمبر 2024', '2024-12-04T23:00:00.000Z'],
  ['٥ يَنَايِر ٢٠٢٥', '2025-01-04T23:00:00.000Z'],
  ['5 فبراير 2025', '2025-02-04T23:00:00.000Z'],
  ['5 يوليوز 2024', '2024-07-04T23:00:00.000Z'],
  // Epoch seconds
  ['1741010700', '2025-03-03T14:05:00.000Z'],
  // Checked, not trusted
  ['Invalid Date', null],
  ['0000-00-00', null],
  ['0000-00-00 00:00:00', null],
  ['0', null],
  ['86400', null],
  ['Thu, 01 Jan 1970 00:00:00 GMT', null],
  ['31 Dec 1989 23:59:59 GMT', null],
  ['2025-02-30T10:00:00Z', null],
  ['2025-13-01', null],
  ['2026-06-01T12:00:00Z', null],
  ['2025-06-02T11:00:00Z', '2025-06-02T11:00:00.000Z'], // less than a day ahead: a zone mistake, kept
  ['2025-06-02T13:00:00Z', null],
  ['', null],
  ['   ', null],
  ['hier', null],
  ['Posté il y a 3 heures', null],
  ['Mon, 03 Mar 2025 14:05:00 XYZ', null],
];

test('parseFeedDate reads every form publishers write', () => {
  for (const [raw, expected, now] of cases) {
    const date = parseFeedDate(raw, CASA, now ? new Date(now) : NOW);
    assert.equal(date?.toISOString() ?? null, expected, JSON.stringify(raw));
  }
});

test('dates without a zone take the source time zone, with its daylight saving', () => {
  assert.equal(
    parseFeedDate('2025-01-15 12:00', 'Europe/Paris', NOW)?.toISOString(),
    '2025-01-15T11:00:00.000Z',
  );
  assert.equal(
    parseFeedDate('2025-05-15 12:00', 'Europe/Paris', NOW)?.toISOString(),
    '2025-05-15T10:00:00.000Z',
  );
  assert.equal(parseFeedDate('2025-05-15 12:00', 'UTC', NOW)?.toISOString(), '2025-05-15T12:00:00.000Z');
  // Casablanca: UTC+1, but UTC+0 during Ramadan (2024: mid-March to mid-April).
  assert.equal(parseFeedDate('2024-03-20 12:00', CASA, NOW)?.toISOString(), '2024-03-20T12:00:00.000Z');
  assert.equal(parseFeedDate('2024-05-20 12:00', CASA, NOW)?.toISOString(), '2024-05-20T11:00:00.000Z');
  // An unknown zone name is read as UTC rather than losing the date.
  assert.equal(
    parseFeedDate('2025-05-15 12:00', 'Mars/Olympus', NOW)?.toISOString(),
    '2025-05-15T12:00:00.000Z',
  );
});

test('parseFeedDate never throws', () => {
  const junk = [
    '\u0000',
    '9'.repeat(500),
    '2025-',
    '-1',
    '+99:99',
    'Mon, 99 Foo 99999 99:99:99 +9999',
    '٠٠',
    '{}',
  ];
  for (const raw of junk) assert.doesNotThrow(() => parseFeedDate(raw, CASA, NOW));
  assert.doesNotThrow(() => parseFeedDate('2025-03-03', 'not a zone at all', new Date(Number.NaN)));
});
