import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_STORY_WINDOW_HOURS, storyWindowHours } from '../../src/store/story-queries.ts';

test('KIOSQUE_STORY_WINDOW_HOURS: 72 by default, a positive number, a clear error otherwise', () => {
  assert.equal(storyWindowHours({}), DEFAULT_STORY_WINDOW_HOURS);
  assert.equal(storyWindowHours({ KIOSQUE_STORY_WINDOW_HOURS: '48' }), 48);
  assert.equal(storyWindowHours({ KIOSQUE_STORY_WINDOW_HOURS: ' 1.5 ' }), 1.5);
  for (const bad of ['0', '-3', 'abc', '100000']) {
    assert.throws(
      () => storyWindowHours({ KIOSQUE_STORY_WINDOW_HOURS: bad }),
      (err: Error) => err.message.includes('KIOSQUE_STORY_WINDOW_HOURS') && err.message.includes(bad),
    );
  }
});

test('a bad KIOSQUE_STORY_WINDOW_HOURS stops the start with the variable named', async () => {
  const { loadConfig } = await import('../../src/util/config.ts');
  assert.throws(
    () => loadConfig({ KIOSQUE_STORY_WINDOW_HOURS: 'soon' }),
    /KIOSQUE_STORY_WINDOW_HOURS="soon" must be a number of hours/,
  );
  assert.doesNotThrow(() => loadConfig({ KIOSQUE_STORY_WINDOW_HOURS: '24' }));
});
