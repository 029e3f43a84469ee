import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadSourcesFile, parseSourcesFile, SourcesFileError } from '../../src/sources/index.ts';
import { KiosqueError } from '../../src/util/errors.ts';

const FILE = 'config/sources.yaml';

/** One source entry; `lines` replace or add keys. Lines 2-7 hold the base entry. */
function oneSource(...extra: string[]): string {
  return [
    'sources:', // 1
    '  - slug: le360', // 2
    '    name: Le360', // 3
    '    homepage: https://fr.le360.ma/', // 4
    '    language: fr', // 5
    '    feeds:', // 6
    '      - https://fr.le360.ma/feed/', // 7
    ...extra, // 8...
    '',
  ].join('\n');
}

/** The base entry with one of its lines (2-7) replaced. */
function withLine(line: number, text: string): string {
  const lines = oneSource().split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

function problemsOf(text: string): SourcesFileError['problems'] {
  try {
    parseSourcesFile(text, FILE);
  } catch (err) {
    assert.ok(err instanceof SourcesFileError, `expected SourcesFileError, got ${err}`);
    return err.problems;
  }
  assert.fail('expected the file to be refused');
}

describe('parseSourcesFile: a valid file', () => {
  test('fills the defaults', () => {
    const [source] = parseSourcesFile(oneSource(), FILE);
    assert.deepEqual(source, {
      slug: 'le360',
      name: 'Le360',
      homepage: 'https://fr.le360.ma/',
      language: 'fr',
      timezone: 'Africa/Casablanca',
      feeds: [{ url: 'https://fr.le360.ma/feed/' }],
      mode: 'full',
      enabled: true,
    });
  });

  test('reads every optional key', () => {
    const [source] = parseSourcesFile(
      oneSource(
        '      - url: https://fr.le360.ma/politique/feed/',
        '        category: Politique',
        '    timezone: Europe/Paris',
        '    mode: excerpt',
        '    enabled: false',
        '    fetch:',
        '      userAgent: Mozilla/5.0 (Kiosque)',
        '      headers: { Accept-Language: "fr-MA,fr", X-Token: "abc" }',
        '      maxBytes: 5MB',
        '      hostDelayMs: 1500',
        '    extract:',
        '      body: "article .content"',
        '      remove: [".ads", "aside.related"]',
      ),
      FILE,
    );
    assert.ok(source);
    assert.deepEqual(source.feeds, [
      { url: 'https://fr.le360.ma/feed/' },
      { url: 'https://fr.le360.ma/politique/feed/', category: 'Politique' },
    ]);
    assert.equal(source.timezone, 'Europe/Paris');
    assert.equal(source.mode, 'excerpt');
    assert.equal(source.enabled, false);
    assert.deepEqual(source.fetch, {
      userAgent: 'Mozilla/5.0 (Kiosque)',
      headers: { 'Accept-Language': 'fr-MA,fr', 'X-Token': 'abc' },
      maxBytes: 5 * 1024 * 1024,
      hostDelayMs: 1500,
    });
    assert.deepEqual(source.extract, { body: 'article .content', remove: ['.ads', 'aside.related'] });
  });

  test('maxBytes as a number or a size with a unit', () => {
    for (const [written, bytes] of [
      ['1048576', 1048576],
      ['512KB', 512 * 1024],
      ['"5 MB"', 5 * 1024 * 1024],
      ['1.5MB', 1.5 * 1024 * 1024],
      ['2mo', 2 * 1024 * 1024],
    ] as const) {
      const [source] = parseSourcesFile(oneSource('    fetch:', `      maxBytes: ${written}`), FILE);
      assert.equal(source?.fetch?.maxBytes, bytes, written);
    }
  });

  test('normalizes URLs (host case, trailing slash of a bare origin)', () => {
    const [source] = parseSourcesFile(withLine(4, '    homepage: HTTPS://Fr.Le360.MA'), FILE);
    assert.equal(source?.homepage, 'https://fr.le360.ma/');
  });

  test('follows YAML anchors and aliases', () => {
    const text = [
      'sources:',
      '  - slug: a',
      '    name: A',
      '    homepage: https://a.ma/',
      '    language: fr',
      '    feeds: [https://a.ma/feed/]',
      '    fetch: &slow { hostDelayMs: 3000 }',
      '  - slug: b',
      '    name: B',
      '    homepage: https://b.ma/',
      '    language: ar',
      '    feeds: [https://b.ma/feed/]',
      '    fetch: *slow',
    ].join('\n');
    const sources = parseSourcesFile(text, FILE);
    assert.deepEqual(
      sources.map((s) => s.fetch?.hostDelayMs),
      [3000, 3000],
    );
  });

  test('an empty list of sources is allowed', () => {
    assert.deepEqual(parseSourcesFile('sources: []\n', FILE), []);
  });
});

describe('parseSourcesFile: every rule, with file:line:column', () => {
  const cases: Array<{ rule: string; text: string; line: number; column: number; message: string }> = [
    {
      rule: 'language fr or ar',
      text: withLine(5, '    language: en'),
      line: 5,
      column: 15,
      message: 'language must be "fr" or "ar", not "en" (source "le360")',
    },
    {
      rule: 'unknown key with a did-you-mean',
      text: withLine(5, '    langauge: fr'),
      line: 5,
      column: 5,
      message: 'unknown key "langauge" (did you mean language?) (source "le360")',
    },
    {
      rule: 'unknown key far from any known one lists the keys',
      text: oneSource('    colour: blue'),
      line: 8,
      column: 5,
      message: 'unknown key "colour" (known keys: slug, name,',
    },
    {
      rule: 'snake_case key suggests the camelCase one',
      text: oneSource('    fetch:', '      user_agent: Kiosque'),
      line: 9,
      column: 7,
      message: 'unknown key "user_agent" (did you mean userAgent?)',
    },
    {
      rule: 'slug required',
      text: withLine(2, '  - name2: x'),
      line: 2,
      column: 5,
      message: 'slug is required',
    },
    {
      rule: 'slug pattern',
      text: withLine(2, '  - slug: Le_360'),
      line: 2,
      column: 11,
      message: 'slug "Le_360" must be 1 to 64 lowercase letters, digits and hyphens',
    },
    {
      rule: 'slug may not end with a hyphen',
      text: withLine(2, '  - slug: le360-'),
      line: 2,
      column: 11,
      message: 'slug "le360-" must be',
    },
    {
      rule: 'slug at most 64 characters',
      text: withLine(2, `  - slug: ${'a'.repeat(65)}`),
      line: 2,
      column: 11,
      message: 'must be 1 to 64 lowercase letters',
    },
    {
      rule: 'slug not reserved',
      text: withLine(2, '  - slug: rss'),
      line: 2,
      column: 11,
      message: 'slug "rss" is reserved: the site uses /rss for its own pages (source "rss")',
    },
    {
      rule: 'reserved slug with a dot',
      text: withLine(2, '  - slug: robots.txt'),
      line: 2,
      column: 11,
      message: 'slug "robots.txt"',
    },
    {
      rule: 'slug unique',
      text: oneSource(
        '  - slug: le360',
        '    name: Le360 bis',
        '    homepage: https://le360.ma/',
        '    language: fr',
        '    feeds: [https://le360.ma/rss]',
      ),
      line: 8,
      column: 11,
      message: 'slug "le360" is already used by the source at line 2',
    },
    {
      rule: 'name required',
      text: withLine(3, '    # no name'),
      line: 2,
      column: 5,
      message: 'name is required',
    },
    {
      rule: 'name not empty',
      text: withLine(3, '    name: ""'),
      line: 3,
      column: 5,
      message: 'name is empty',
    },
    {
      rule: 'name not blank',
      text: withLine(3, '    name: "   "'),
      line: 3,
      column: 5,
      message: 'name is empty',
    },
    {
      rule: 'name is text',
      text: withLine(3, '    name: [a, b]'),
      line: 3,
      column: 11,
      message: 'name must be text',
    },
    {
      rule: 'homepage required',
      text: withLine(4, '    # none'),
      line: 2,
      column: 5,
      message: 'homepage is required',
    },
    {
      rule: 'homepage absolute',
      text: withLine(4, '    homepage: fr.le360.ma'),
      line: 4,
      column: 15,
      message: 'homepage must be an absolute http(s) URL, not "fr.le360.ma"',
    },
    {
      rule: 'homepage http(s) only',
      text: withLine(4, '    homepage: ftp://le360.ma/'),
      line: 4,
      column: 15,
      message: 'homepage must be an absolute http(s) URL, not "ftp://le360.ma/"',
    },
    {
      rule: 'language required',
      text: withLine(5, '    # none'),
      line: 2,
      column: 5,
      message: 'language is required ("fr" or "ar")',
    },
    {
      rule: 'timezone IANA',
      text: oneSource('    timezone: Casablanca/Maroc'),
      line: 8,
      column: 15,
      message: 'timezone must be an IANA time zone such as "Africa/Casablanca", not "Casablanca/Maroc"',
    },
    {
      rule: 'timezone not an offset',
      text: oneSource('    timezone: "+01:00"'),
      line: 8,
      column: 15,
      message: 'timezone must be an IANA time zone',
    },
    {
      rule: 'feeds required',
      text: withLine(7, '').replace('    feeds:\n', ''),
      line: 2,
      column: 5,
      message: 'feeds is required',
    },
    {
      rule: 'feeds non-empty',
      text: withLine(7, '').replace('    feeds:\n', '    feeds: []\n'),
      line: 6,
      column: 12,
      message: 'feeds must list at least one feed',
    },
    {
      rule: 'feeds is a list',
      text: withLine(7, '').replace('    feeds:\n', '    feeds: https://fr.le360.ma/feed/\n'),
      line: 6,
      column: 12,
      message: 'feeds must be a list of feed URLs, not "https://fr.le360.ma/feed/"',
    },
    {
      rule: 'feed url absolute http(s)',
      text: withLine(7, '      - /feed/'),
      line: 7,
      column: 9,
      message: 'feed url must be an absolute http(s) URL, not "/feed/"',
    },
    {
      rule: 'feed mapping url',
      text: withLine(7, '      - { url: "javascript:alert(1)" }'),
      line: 7,
      column: 16,
      message: 'feed url must be an absolute http(s) URL, not "javascript:alert(1)"',
    },
    {
      rule: 'feed mapping needs url',
      text: withLine(7, '      - { category: Sport }'),
      line: 7,
      column: 9,
      message: 'feed url is required',
    },
    {
      rule: 'feed mapping unknown key',
      text: withLine(7, '      - { url: "https://fr.le360.ma/feed/", categroy: Sport }'),
      line: 7,
      column: 45,
      message: 'unknown key "categroy" (did you mean category?)',
    },
    {
      rule: 'feed duplicate within a source',
      text: oneSource('      - url: https://FR.le360.ma/feed/', '        category: Une'),
      line: 8,
      column: 14,
      message: 'feed https://fr.le360.ma/feed/ is listed twice (first at line 7) (source "le360")',
    },
    {
      rule: 'mode values',
      text: oneSource('    mode: summary'),
      line: 8,
      column: 11,
      message: 'mode must be "full", "excerpt" or "title", not "summary"',
    },
    {
      rule: 'enabled boolean',
      text: oneSource('    enabled: yes'),
      line: 8,
      column: 14,
      message: 'enabled must be true or false, not "yes"',
    },
    {
      rule: 'fetch mapping',
      text: oneSource('    fetch: fast'),
      line: 8,
      column: 12,
      message: 'fetch must be a mapping',
    },
    {
      rule: 'maxBytes positive',
      text: oneSource('    fetch:', '      maxBytes: 0'),
      line: 9,
      column: 17,
      message:
        'fetch.maxBytes must be a positive whole number of bytes or a size like "5MB" or "512KB", not 0',
    },
    {
      rule: 'maxBytes unit',
      text: oneSource('    fetch:', '      maxBytes: 5 parsecs'),
      line: 9,
      column: 17,
      message: 'not "5 parsecs"',
    },
    {
      rule: 'hostDelayMs non-negative integer',
      text: oneSource('    fetch:', '      hostDelayMs: -5'),
      line: 9,
      column: 20,
      message: 'fetch.hostDelayMs must be a whole number of milliseconds, 0 or more, not -5',
    },
    {
      rule: 'hostDelayMs integer',
      text: oneSource('    fetch:', '      hostDelayMs: 1.5'),
      line: 9,
      column: 20,
      message: 'not 1.5',
    },
    {
      rule: 'headers mapping',
      text: oneSource('    fetch:', '      headers: [a]'),
      line: 9,
      column: 16,
      message: 'fetch.headers must be a mapping of header names to values',
    },
    {
      rule: 'header value text',
      text: oneSource('    fetch:', '      headers:', '        X-Id: 12'),
      line: 10,
      column: 15,
      message: 'fetch.headers.X-Id must be text (quote it), not 12',
    },
    {
      rule: 'header name token',
      text: oneSource('    fetch:', '      headers:', '        "Bad Name": x'),
      line: 10,
      column: 9,
      message: 'fetch.headers: "Bad Name" is not a valid header name',
    },
    {
      rule: 'header value on one line',
      text: oneSource('    fetch:', '      headers:', '        X-A: "a\\r\\nX-Evil: 1"'),
      line: 10,
      column: 14,
      message: 'fetch.headers.X-A must fit on one line',
    },
    {
      rule: 'extract mapping',
      text: oneSource('    extract: ".content"'),
      line: 8,
      column: 14,
      message: 'extract must be a mapping (body, remove)',
    },
    {
      rule: 'extract.remove list',
      text: oneSource('    extract:', '      remove: ".ads"'),
      line: 9,
      column: 15,
      message: 'extract.remove must be a list of CSS selectors, not ".ads"',
    },
    {
      rule: 'extract unknown key',
      text: oneSource('    extract:', '      bodyy: article'),
      line: 9,
      column: 7,
      message: 'unknown key "bodyy" (did you mean body?)',
    },
    {
      rule: 'a source is a mapping',
      text: oneSource('  - https://le360.ma/'),
      line: 8,
      column: 5,
      message:
        'each source must be a mapping with slug, name, homepage, language and feeds, not "https://le360.ma/" (source #2)',
    },
    { rule: 'empty file', text: '', line: 1, column: 1, message: 'the file is empty' },
    { rule: 'only comments', text: '# nothing yet\n', line: 1, column: 1, message: 'the file is empty' },
    {
      rule: 'top level mapping',
      text: '- slug: le360\n',
      line: 1,
      column: 1,
      message: 'the file must be a mapping with a "sources:" list',
    },
    { rule: 'sources key required', text: 'feeds: []\n', line: 1, column: 1, message: 'unknown key "feeds"' },
    {
      rule: 'sources key misspelt',
      text: 'source:\n  - slug: x\n',
      line: 1,
      column: 1,
      message: 'unknown key "source" (did you mean sources?)',
    },
    {
      rule: 'sources is a list',
      text: 'sources:\n  le360: {}\n',
      line: 2,
      column: 3,
      message: 'sources must be a list of sources, not a mapping',
    },
  ];

  for (const c of cases) {
    test(c.rule, () => {
      const problems = problemsOf(c.text);
      const hit = problems.find((p) => p.message.includes(c.message));
      assert.ok(
        hit,
        `no problem mentions ${JSON.stringify(c.message)}; got:\n${problems.map((p) => p.message).join('\n')}`,
      );
      assert.equal(hit.file, FILE);
      assert.deepEqual([hit.line, hit.column], [c.line, c.column], hit.message);
    });
  }

  test('the message lists problems one per line as file:line:column: what', () => {
    try {
      parseSourcesFile(withLine(5, '    language: en'), FILE);
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof SourcesFileError);
      assert.ok(err instanceof KiosqueError);
      assert.equal(err.kind, 'config');
      assert.equal(
        err.message,
        'config/sources.yaml:5:15: language must be "fr" or "ar", not "en" (source "le360")',
      );
    }
  });
});

describe('parseSourcesFile: all problems at once', () => {
  test('collects every problem of every source, in file order', () => {
    const text = [
      'sources:', // 1
      '  - slug: Le360', // 2
      '    name: Le360', // 3
      '    homepage: le360.ma', // 4
      '    language: en', // 5
      '    feeds: [https://fr.le360.ma/feed/]', // 6
      '  - slug: hespress', // 7
      '    name: Hespress', // 8
      '    homepage: https://www.hespress.com/', // 9
      '    langauge: ar', // 10
      '    feeds: []', // 11
      '    mode: full-text', // 12
      '  - slug: ok', // 13
      '    name: OK', // 14
      '    homepage: https://ok.ma/', // 15
      '    language: ar', // 16
      '    feeds: [https://ok.ma/feed/]', // 17
    ].join('\n');
    const problems = problemsOf(text);
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column}`),
      ['2:11', '4:15', '5:15', '7:5', '10:5', '11:12', '12:11'],
    );
    // A source with a wrong slug is named by its position; the others by their slug.
    assert.match(problems[1]!.message, /\(source "Le360"\)$/);
    assert.match(problems[3]!.message, /^language is required .*\(source "hespress"\)$/);
    try {
      parseSourcesFile(text, FILE);
    } catch (err) {
      assert.equal((err as Error).message.split('\n').length, 7);
      assert.match(
        (err as Error).message.split('\n')[4]!,
        /^config\/sources\.yaml:10:5: unknown key "langauge"/,
      );
    }
  });
});

describe('parseSourcesFile: YAML syntax errors', () => {
  test('a syntax error is reported with its line and column', () => {
    const problems = problemsOf('sources:\n  - slug: le360\n    name: "Le360\n    language: fr\n');
    assert.ok(problems.length >= 1);
    assert.match(problems[0]!.message, /^YAML syntax: /);
    assert.equal(problems[0]!.file, FILE);
    assert.ok(problems[0]!.line >= 3, `line ${problems[0]!.line}`);
  });

  test('bad indentation', () => {
    const problems = problemsOf('sources:\n  - slug: a\n   name: b\n');
    assert.equal(problems[0]!.line, 3);
    assert.match(problems[0]!.message, /YAML syntax/);
  });

  test('a duplicated key is a syntax error at the second one', () => {
    const problems = problemsOf(oneSource('    language: ar'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 8);
    assert.match(problems[0]!.message, /YAML syntax: Map keys must be unique/);
  });

  test('a tab used for indentation', () => {
    const problems = problemsOf('sources:\n\t- slug: a\n');
    assert.equal(problems[0]!.line, 2);
  });
});

describe('loadSourcesFile', () => {
  test('a missing file is a config error naming the path', async () => {
    const path = join(tmpdir(), 'kiosque-no-such-dir', 'sources.yaml');
    await assert.rejects(loadSourcesFile(path), (err: unknown) => {
      assert.ok(err instanceof KiosqueError);
      assert.equal(err.kind, 'config');
      assert.ok(err.message.includes(path), err.message);
      assert.match(err.message, /does not exist/);
      return true;
    });
  });

  test('reads a file and reports problems with its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kiosque-sources-'));
    try {
      const path = join(dir, 'sources.yaml');
      await writeFile(path, oneSource());
      assert.equal((await loadSourcesFile(path)).length, 1);
      await writeFile(path, withLine(5, '    language: en'));
      await assert.rejects(loadSourcesFile(path), (err: unknown) => {
        assert.ok(err instanceof SourcesFileError);
        assert.ok(err.message.startsWith(`${path}:5:15: `), err.message);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
