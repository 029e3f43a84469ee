import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/index.ts';
import { DEFAULT_STORY_WINDOW_HOURS } from '../../src/store/index.ts';

const windowHours = (raw?: string) =>
  loadConfig(raw === undefined ? {} : { KIOSQUE_STORY_WINDOW_HOURS: raw }).storyWindowHours;

test('KIOSQUE_STORY_WINDOW_HOURS: 72 by default, a positive number, a clear error otherwise', () => {
  assert.equal(windowHours(), DEFAULT_STORY_WINDOW_HOURS);
  assert.equal(windowHours('48'), 48);
  assert.equal(windowHours(' 1.5 '), 1.5);
  for (const bad of ['0', '-3', 'abc', '100000']) {
    assert.throws(
      () => windowHours(bad),
      (err: Error) => err.message.includes('KIOSQUE_STORY_WINDOW_HOURS') && err.message.includes(bad),
    );
  }
});

test('a bad KIOSQUE_STORY_WINDOW_HOURS stops the start with the variable named', () => {
  assert.throws(
    () => loadConfig({ KIOSQUE_STORY_WINDOW_HOURS: 'soon' }),
    /KIOSQUE_STORY_WINDOW_HOURS="soon" must be a number of hours/,
  );
  assert.doesNotThrow(() => loadConfig({ KIOSQUE_STORY_WINDOW_HOURS: '24' }));
});

test('KIOSQUE_STORY_INDEX_DAYS: 30 by default, at least twice the window, a clear error otherwise', () => {
  const indexDays = (env: Record<string, string>) => loadConfig(env).storyIndexDays;
  assert.equal(indexDays({}), 30);
  assert.equal(indexDays({ KIOSQUE_STORY_INDEX_DAYS: '90' }), 90);
  // A window of 30 days either side needs 60 days of index, whatever the default.
  assert.equal(indexDays({ KIOSQUE_STORY_WINDOW_HOURS: '720' }), 60);
  for (const bad of ['0', '-3', 'abc', '5']) {
    assert.throws(
      () => indexDays({ KIOSQUE_STORY_INDEX_DAYS: bad }),
      (err: Error) => err.message.includes('KIOSQUE_STORY_INDEX_DAYS') && err.message.includes(bad),
    );
  }
  assert.throws(
    () => loadConfig({ KIOSQUE_STORY_INDEX_DAYS: 'forever' }),
    /KIOSQUE_STORY_INDEX_DAYS="forever" must be a number of days/,
  );
});
