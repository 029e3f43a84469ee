import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/index.ts';
import { defaultHttpClientOptions } from '../../src/fetch/index.ts';

test('defaults', () => {
  const options = defaultHttpClientOptions({});
  assert.equal(options.userAgent, 'Kiosque/0.1 (+https://github.com/kiosque/kiosque)');
  assert.equal(options.hostDelayMs, 1000);
  assert.deepEqual(options.allowHosts, []);
  assert.deepEqual(
    [options.connectTimeoutMs, options.headersTimeoutMs, options.totalTimeoutMs],
    [10_000, 20_000, 60_000],
  );
  assert.deepEqual(options.maxBytes, {
    feed: 10_485_760,
    page: 5_242_880,
    robots: 524_288,
    image: 10_485_760,
    hub: 65_536,
  });
  assert.equal(options.maxRedirects, 5);
  assert.equal(options.respectRobots, true);
  assert.equal(options.maxConcurrency, 16);
  assert.equal(options.resolver, undefined);
});

test('from the environment', () => {
  const options = defaultHttpClientOptions(
    loadConfig({
      KIOSQUE_ALLOW_HOSTS: ' localhost, 10.0.0.5:8080 ,,',
      KIOSQUE_HOST_DELAY_MS: '2500',
      KIOSQUE_CONTACT_URL: 'https://presse.example.ma/contact',
    }),
  );
  assert.deepEqual(options.allowHosts, ['localhost', '10.0.0.5:8080']);
  assert.equal(options.hostDelayMs, 2500);
  assert.equal(options.userAgent, 'Kiosque/0.1 (+https://presse.example.ma/contact)');
});

test('an empty delay keeps the polite default; a malformed one stops the start', () => {
  const delay = (raw: string) =>
    defaultHttpClientOptions(loadConfig({ KIOSQUE_HOST_DELAY_MS: raw })).hostDelayMs;
  assert.equal(delay(''), 1000);
  assert.equal(delay('0'), 0);
  for (const bad of ['fast', '-1']) {
    assert.throws(() => delay(bad), new RegExp(`KIOSQUE_HOST_DELAY_MS="${bad}" must be a whole number`));
  }
});
