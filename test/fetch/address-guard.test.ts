import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkUrlTarget, isAllowedHost, isForbiddenAddress, normalizeHost } from '../../src/fetch/index.ts';
import type { Resolver } from '../../src/fetch/index.ts';

describe('isForbiddenAddress, IPv4', () => {
  const forbidden = [
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.0.0.2',
    '127.255.255.255',
    '169.254.169.254',
    '169.254.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.88.99.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
  ];
  const allowed = [
    '8.8.8.8',
    '1.1.1.1',
    '41.248.0.1',
    '196.200.131.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '192.169.0.1',
    '11.0.0.1',
  ];
  for (const ip of forbidden) test(`${ip} is refused`, () => assert.equal(isForbiddenAddress(ip), true));
  for (const ip of allowed) test(`${ip} is allowed`, () => assert.equal(isForbiddenAddress(ip), false));
});

describe('isForbiddenAddress, IPv6', () => {
  const forbidden = [
    '::',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::127.0.0.1', // IPv4-compatible
    '::8.8.8.8', // IPv4-compatible: deprecated, refused whatever it wraps
    '::ffff:0:7f00:1', // IPv4-translated
    '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
    '64:ff9b::10.0.0.1',
    '64:ff9b::a9fe:a9fe', // NAT64 of 169.254.169.254
    '64:ff9b:1::1', // local-use NAT64
    '2002:7f00:1::', // 6to4 of 127.0.0.1
    '2002:a00:1::1', // 6to4 of 10.0.0.1
    '2002:c0a8:101::', // 6to4 of 192.168.1.1
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fc00::1',
    'fd00::1',
    'fdff:ffff::1',
    'fec0::1',
    'ff02::1',
    'ff05::2',
    '100::1',
    '2001::1', // Teredo
    '2001:2::1', // benchmarking
    '2001:db8::1',
    '3fff::1',
    '4000::1', // outside global unicast
    '5f00::1',
  ];
  const allowed = [
    '2a00:1450:4007:80e::200e',
    '2606:4700::6810:85e5',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2c0f:f698::1',
  ];
  for (const ip of forbidden) test(`${ip} is refused`, () => assert.equal(isForbiddenAddress(ip), true));
  for (const ip of allowed) test(`${ip} is allowed`, () => assert.equal(isForbiddenAddress(ip), false));

  test('anything that is not a strict IP literal is refused', () => {
    for (const junk of [
      '',
      'localhost',
      '0x7f.1',
      '127.1',
      '2130706433',
      '0177.0.0.1',
      '1.2.3.4.5',
      'fe80::zz',
    ]) {
      assert.equal(isForbiddenAddress(junk), true, junk);
    }
  });
});

const never: Resolver = async () => {
  throw new Error('the resolver must not be called for an IP literal');
};

describe('checkUrlTarget', () => {
  const loopbackSpellings = [
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://0x7f000001/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[2002:7f00:1::]/',
    'https://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://0.0.0.0:8080/',
    'http://[::]/',
    'http://2852039166/', // 169.254.169.254 as one number
  ];
  for (const url of loopbackSpellings) {
    test(`refuses ${url}`, async () => {
      const result = await checkUrlTarget(url, [], never);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.error.kind, 'blocked_address');
    });
  }

  test('only http and https', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/',
      'gopher://example.com/',
      'data:text/plain,hi',
      'javascript:alert(1)',
    ]) {
      const result = await checkUrlTarget(url, [], never);
      assert.equal(result.ok, false, url);
      if (!result.ok) assert.equal(result.error.kind, 'bad_url', url);
    }
    const notUrl = await checkUrlTarget('not a url', [], never);
    assert.equal(notUrl.ok ? 'ok' : notUrl.error.kind, 'bad_url');
  });

  for (const [address, family] of [
    ['169.254.169.254', 4],
    ['10.0.0.1', 4],
    ['fd00::1', 6],
  ] as const) {
    test(`a public-looking name resolving to ${address} is refused, naming host and address`, async () => {
      const resolver: Resolver = async () => [{ address, family }];
      const result = await checkUrlTarget('https://news.example.ma/rss', [], resolver);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.error.kind, 'blocked_address');
        assert.match(result.error.message, /news\.example\.ma/);
        assert.ok(result.error.message.includes(address));
      }
    });
  }

  test('one forbidden address among public ones is enough to refuse', async () => {
    const resolver: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const result = await checkUrlTarget('https://news.example.ma/', [], resolver);
    assert.equal(result.ok, false);
  });

  test('public addresses pass and are returned for the connection', async () => {
    const resolver: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ];
    const result = await checkUrlTarget('https://news.example.ma/', [], resolver);
    assert.deepEqual(result, {
      ok: true,
      addresses: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
      ],
    });
  });

  test('DNS failure is a network error', async () => {
    const resolver: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const result = await checkUrlTarget('https://nowhere.invalid/', [], resolver);
    assert.equal(result.ok ? 'ok' : result.error.kind, 'network');
    const empty = await checkUrlTarget('https://nowhere.invalid/', [], async () => []);
    assert.equal(empty.ok ? 'ok' : empty.error.kind, 'network');
  });

  test('allowHosts opens a host or address, case-insensitive, port ignored', async () => {
    const lan: Resolver = async () => [{ address: '192.168.1.20', family: 4 }];
    assert.equal((await checkUrlTarget('http://Intranet.Local:8080/feed', ['intranet.local'], lan)).ok, true);
    assert.equal((await checkUrlTarget('http://intranet.local/feed', ['INTRANET.LOCAL:8080'], lan)).ok, true);
    assert.equal((await checkUrlTarget('http://127.0.0.1:3000/', ['127.0.0.1:9999'], never)).ok, true);
    assert.equal((await checkUrlTarget('http://[::1]:3000/', ['[::1]:3000'], never)).ok, true);
    assert.equal((await checkUrlTarget('http://[::1]/', ['0:0::1'], never)).ok, true);
    // Allowing 127.0.0.1 does not open its neighbours.
    assert.equal((await checkUrlTarget('http://127.0.0.2/', ['127.0.0.1'], never)).ok, false);
    assert.equal((await checkUrlTarget('http://other.local/', ['intranet.local'], lan)).ok, false);
  });
});

describe('allow-list normalization', () => {
  test('normalizeHost', () => {
    assert.equal(normalizeHost(' Example.COM:443 '), 'example.com');
    assert.equal(normalizeHost('example.com.'), 'example.com');
    assert.equal(normalizeHost('[::1]:80'), normalizeHost('::1'));
    assert.equal(normalizeHost('127.0.0.1:80'), '127.0.0.1');
  });
  test('isAllowedHost with empty list', () => {
    assert.equal(isAllowedHost('127.0.0.1', []), false);
  });
});
