// A body is held once as it arrives: small ones as their chunks, large ones
// copied on arrival into shared memory that grows in place.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { BodyBytes, SHARED_BODY_BYTES } from '../../src/fetch/body-bytes.ts';

test('chunks across the shared-memory threshold come out whole, in order, in shared memory', () => {
  const chunks = Array.from({ length: 40 }, (_, i) => randomBytes(40_000 + i));
  const body = new BodyBytes(10 * 1024 * 1024);
  for (const chunk of chunks) body.append(chunk);
  const bytes = body.bytes();
  assert.ok(bytes.length >= SHARED_BODY_BYTES);
  assert.ok(bytes.buffer instanceof SharedArrayBuffer);
  assert.equal(body.length, bytes.length);
  assert.ok(bytes.equals(Buffer.concat(chunks)));
});

test('a small body is an ordinary buffer; an empty one is empty', () => {
  const body = new BodyBytes(1000);
  body.append(Buffer.from('<rss>'));
  body.append(Buffer.from('</rss>'));
  assert.equal(body.bytes().toString(), '<rss></rss>');
  assert.ok(!(body.bytes().buffer instanceof SharedArrayBuffer));
  assert.equal(new BodyBytes(1000).bytes().length, 0);
});

test('the shared memory can grow to the limit and no further', () => {
  const body = new BodyBytes(SHARED_BODY_BYTES + 10);
  body.append(Buffer.alloc(SHARED_BODY_BYTES + 10, 1));
  assert.equal(body.bytes().length, SHARED_BODY_BYTES + 10);
  assert.throws(() => body.append(Buffer.alloc(1)), RangeError);
});
