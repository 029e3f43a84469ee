import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  classifyResponse,
  describeRequestError,
  isBotChallenge,
  parseRetryAfter,
} from '../../src/fetch/index.ts';

const NOW = new Date('2025-03-01T12:00:00Z');
const URL_ = 'https://news.example.ma/rss';
const classify = (status: number, headers: Record<string, string> = {}, bodySample = '') =>
  classifyResponse(status, headers, NOW, { url: URL_, bodySample });

describe('classifyResponse', () => {
  test('2xx is ok, 304 is not modified', () => {
    for (const status of [200, 203, 206]) assert.deepEqual(classify(status), { kind: 'ok' });
    assert.deepEqual(classify(304), { kind: 'not_modified' });
  });

  test('redirects carry their Location; a redirect without one is an http_status error', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      assert.deepEqual(classify(status, { location: '/new' }), { kind: 'redirect', location: '/new' });
    }
    const bare = classify(302);
    assert.equal(bare.kind === 'failure' && bare.error.kind, 'http_status');
  });

  test('404, 410, 500 are http_status with the status in the error and the message', () => {
    for (const [status, words] of [
      [404, 'Not Found'],
      [410, 'Gone'],
      [500, 'Internal Server Error'],
      [401, 'Unauthorized'],
    ] as const) {
      const meaning = classify(status);
      assert.equal(meaning.kind, 'failure');
      if (meaning.kind !== 'failure') continue;
      assert.equal(meaning.error.kind, 'http_status');
      assert.equal(meaning.error.status, status);
      assert.equal(meaning.error.url, URL_);
      assert.equal(meaning.error.message, `HTTP ${status} ${words} for ${URL_}`);
    }
  });

  test('429 with Retry-After in seconds', () => {
    const meaning = classify(429, { 'retry-after': '120' });
    assert.equal(meaning.kind, 'failure');
    if (meaning.kind !== 'failure') return;
    assert.equal(meaning.error.kind, 'rate_limited');
    assert.equal(meaning.error.status, 429);
    assert.equal(meaning.error.retryAfter?.toISOString(), '2025-03-01T12:02:00.000Z');
  });

  test('503 with Retry-After as an HTTP-date', () => {
    const meaning = classify(503, { 'retry-after': 'Sat, 01 Mar 2025 13:30:00 GMT' });
    assert.equal(meaning.kind === 'failure' && meaning.error.kind, 'rate_limited');
    if (meaning.kind === 'failure')
      assert.equal(meaning.error.retryAfter?.toISOString(), '2025-03-01T13:30:00.000Z');
  });

  test('429 without Retry-After gets a default of ten minutes', () => {
    const meaning = classify(429);
    if (meaning.kind !== 'failure') throw new Error('expected a failure');
    assert.equal(meaning.error.retryAfter?.toISOString(), '2025-03-01T12:10:00.000Z');
    assert.match(meaning.error.message, /HTTP 429 Too Many Requests/);
  });

  test('cf-mitigated: challenge is a bot challenge', () => {
    const meaning = classify(403, { 'cf-mitigated': 'challenge', server: 'cloudflare' });
    assert.equal(meaning.kind === 'failure' && meaning.error.kind, 'bot_challenge');
  });

  test('a Cloudflare "Just a moment..." page on 403 or 503 is a bot challenge', () => {
    const body =
      '<!DOCTYPE html><html><head><title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>';
    for (const status of [403, 503]) {
      const meaning = classify(status, { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f-CDG' }, body);
      assert.equal(meaning.kind === 'failure' && meaning.error.kind, 'bot_challenge', String(status));
    }
  });

  test('a plain 403 or 503 from Cloudflare without a challenge body is not a bot challenge', () => {
    const forbidden = classify(403, { server: 'cloudflare' }, '<h1>Forbidden</h1>');
    assert.equal(forbidden.kind === 'failure' && forbidden.error.kind, 'http_status');
    const down = classify(503, { server: 'cloudflare' }, 'origin is down');
    assert.equal(down.kind === 'failure' && down.error.kind, 'rate_limited');
  });
});

describe('parseRetryAfter', () => {
  test('forms', () => {
    assert.equal(parseRetryAfter('0', NOW)?.toISOString(), NOW.toISOString());
    assert.equal(parseRetryAfter(' 60 ', NOW)?.toISOString(), '2025-03-01T12:01:00.000Z');
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)?.toISOString(), NOW.toISOString());
    assert.equal(parseRetryAfter('soon', NOW), null);
    assert.equal(parseRetryAfter(undefined, NOW), null);
    assert.equal(parseRetryAfter('-5', NOW), null);
    // A year is capped at a week.
    assert.equal(parseRetryAfter(String(365 * 86400), NOW)?.toISOString(), '2025-03-08T12:00:00.000Z');
  });
});

describe('isBotChallenge', () => {
  test('Akamai / Incapsula style walls', () => {
    assert.equal(
      isBotChallenge(403, { server: 'AkamaiGHost' }, 'Checking your browser before accessing'),
      true,
    );
    assert.equal(isBotChallenge(200, { server: 'cloudflare' }, 'Just a moment...'), false);
  });
});

describe('describeRequestError', () => {
  const limits = { connectTimeoutMs: 10_000, headersTimeoutMs: 20_000, totalTimeoutMs: 60_000 };
  test('names the limit that was reached', () => {
    const connect = describeRequestError({ code: 'UND_ERR_CONNECT_TIMEOUT' }, URL_, limits);
    assert.equal(connect.kind, 'timeout');
    assert.match(connect.message, /connect time limit of 10000 ms/);
    assert.match(
      describeRequestError({ code: 'UND_ERR_HEADERS_TIMEOUT' }, URL_, limits).message,
      /headers time limit/,
    );
    assert.match(
      describeRequestError({ code: 'KIOSQUE_TOTAL_TIMEOUT' }, URL_, limits).message,
      /total time limit of 60000/,
    );
  });
  test('network failures', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_SOCKET', 'EHOSTUNREACH']) {
      const error = describeRequestError(Object.assign(new Error('boom'), { code }), URL_, limits);
      assert.equal(error.kind, 'network', code);
      assert.ok(error.message.includes(URL_));
    }
    const wrapped = describeRequestError(
      Object.assign(new Error('fetch failed'), {
        cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
      }),
      URL_,
      limits,
    );
    assert.equal(wrapped.kind, 'network');
  });
});
