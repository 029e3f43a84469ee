// The console's pure pieces: passwords, form bodies, the source form's
// checks (the sources file's own rules), durations and medians.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median } from '../../src/store/index.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/web/admin/index.ts';
import { parseMultipart, parseUrlencoded } from '../../src/web/admin/http.ts';
import { duration } from '../../src/web/admin/layout.ts';
import { sourceFromForm } from '../../src/web/admin/sources.ts';

test('passwords: salted scrypt, verified in constant time, anything else refused', async () => {
  const a = await hashPassword('une phrase de passe solide');
  const b = await hashPassword('une phrase de passe solide');
  assert.notEqual(a, b, 'a salt of its own');
  assert.equal(await verifyPassword('une phrase de passe solide', a), true);
  assert.equal(await verifyPassword('une phrase de passe solid', a), false);
  assert.equal(await verifyPassword('x', 'not-a-hash'), false);
  assert.equal(await verifyPassword('x', 'scrypt$1$1$1$$'), false);
  assert.match(String(passwordProblem('court')), /at least 12/);
  assert.equal(passwordProblem('assez long pour passer'), null);
});

test('form bodies: urlencoded and multipart (a file and fields)', () => {
  const u = parseUrlencoded('a=1&b=x%20y&a=2');
  assert.equal(u.fields.a, '2');
  assert.deepEqual(u.all.a, ['1', '2']);
  assert.equal(u.fields.b, 'x y');
  const body = Buffer.from(
    [
      '--XX',
      'Content-Disposition: form-data; name="_csrf"',
      '',
      'tok',
      '--XX',
      'Content-Disposition: form-data; name="file"; filename="a.opml"',
      'Content-Type: text/x-opml',
      '',
      '<opml>\r\nline two</opml>',
      '--XX--',
      '',
    ].join('\r\n'),
  );
  const m = parseMultipart(body, 'multipart/form-data; boundary=XX');
  assert.equal(m.fields._csrf, 'tok');
  assert.equal(m.files.file?.filename, 'a.opml');
  assert.equal(m.files.file?.data.toString(), '<opml>\r\nline two</opml>');
  assert.throws(() => parseMultipart(body, 'multipart/form-data'), /boundary/);
  assert.throws(
    () => parseMultipart(Buffer.from('--XX\r\nno end'), 'multipart/form-data; boundary=XX'),
    /cut short/,
  );
});

test('the source form is checked by the sources file rules, with every problem named', () => {
  const ok = sourceFromForm(
    {
      slug: 'nouveau',
      name: 'Nouveau',
      homepage: 'https://nouveau.example/',
      language: 'fr',
      timezone: '',
      mode: 'excerpt',
      feeds: 'https://nouveau.example/rss politique\n\nhttps://nouveau.example/eco.xml',
    },
    null,
  );
  assert.ok('source' in ok);
  assert.deepEqual(ok.source.feeds, [
    { url: 'https://nouveau.example/rss', category: 'politique' },
    { url: 'https://nouveau.example/eco.xml' },
  ]);
  assert.equal(ok.source.timezone, 'Africa/Casablanca');
  const bad = sourceFromForm(
    {
      slug: 'Admin',
      name: '',
      homepage: 'ftp://x',
      language: 'en',
      timezone: 'Mars/Base',
      mode: 'all',
      feeds: '',
    },
    null,
  );
  assert.ok('problems' in bad);
  const text = bad.problems.join('\n');
  for (const what of ['slug', 'name', 'homepage', 'language', 'timezone', 'mode', 'feeds'])
    assert.match(text, new RegExp(what), `a problem names ${what}`);
});

test('durations and medians as the health page shows them', () => {
  assert.equal(duration(null), '—');
  assert.equal(duration(42), '42 s');
  assert.equal(duration(12 * 60), '12 min');
  assert.equal(duration(22 * 3600 + 59 * 60 + 50), '23 h 00');
  assert.equal(duration(2 * 86_400 + 4 * 3600), '2 j 4 h');
  assert.equal(median([]), null);
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});
