// The rules of image reports that need no server: addresses and their
// normal forms, the IPv6 /64, which X-Forwarded-For hop is believed, the
// configuration's checks, and the salted hashes and tokens (on a real
// SQLite database, where the secrets are kept).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig, reportConfigOf } from '../../src/config/index.ts';
import {
  clientAddress,
  Moderation,
  normalizeAddress,
  readerKey,
  TrustedProxies,
} from '../../src/moderation/index.ts';
import { openDatabase, Store, dbOf } from '../../src/store/index.ts';
import { BACKENDS, type TestDatabase } from '../store/backends.ts';

describe('addresses', () => {
  test('normal forms: IPv4, IPv6 compressed, brackets, ports, zones, IPv4-mapped', () => {
    const cases: Array<[string, string | null]> = [
      ['192.0.2.1', '192.0.2.1'],
      [' 192.0.2.1 ', '192.0.2.1'],
      ['192.0.2.1:8080', '192.0.2.1'],
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
      ['[2001:db8::1]:443', '2001:db8::1'],
      ['[2001:db8::1]', '2001:db8::1'],
      ['fe80::1%eth0', 'fe80::1'],
      ['::ffff:192.0.2.7', '192.0.2.7'],
      ['::ffff:c000:0207', '192.0.2.7'],
      ['::1', '::1'],
      // Not addresses: names, shorthand IPv4 that resolvers accept, garbage.
      ['localhost', null],
      ['127.1', null],
      ['0x7f.0.0.1', null],
      ['1.2.3.256', null],
      ['', null],
      ['unknown', null],
      ['2001:db8::1::2', null],
    ];
    for (const [raw, want] of cases) assert.equal(normalizeAddress(raw), want, raw);
  });

  test('a reader is an IPv4 address or an IPv6 /64', () => {
    assert.equal(readerKey('192.0.2.1'), '192.0.2.1');
    assert.equal(readerKey('::ffff:192.0.2.1'), '192.0.2.1');
    const a = readerKey('2001:db8:aa:bb:1:2:3:4');
    assert.equal(a, '2001:db8:aa:bb::/64');
    assert.equal(readerKey('2001:db8:aa:bb:ffff:ffff:ffff:ffff'), a);
    assert.equal(readerKey('2001:db8:aa:bb::'), a);
    assert.notEqual(readerKey('2001:db8:aa:bc::1'), a, 'the next /64 is another reader');
    assert.equal(readerKey('nonsense'), null);
  });
});

describe('trusted proxies', () => {
  test('parses addresses, CIDR ranges and "loopback"; says which entry is wrong', () => {
    const t = TrustedProxies.parse('10.0.0.1, 192.168.0.0/16 2001:db8::/32,loopback');
    assert.ok(t.contains('10.0.0.1'));
    assert.ok(!t.contains('10.0.0.2'));
    assert.ok(t.contains('192.168.44.3'));
    assert.ok(t.contains('::ffff:192.168.1.1'), 'IPv4-mapped is the IPv4 address');
    assert.ok(t.contains('2001:db8:1::5'));
    assert.ok(!t.contains('2001:db9::5'));
    assert.ok(t.contains('127.0.0.11') && t.contains('::1'));
    assert.ok(!t.contains('not-an-address'));
    assert.throws(
      () => TrustedProxies.parse('10.0.0.1, proxy.example'),
      /entry 2 "proxy\.example" is not an IP address/,
    );
    assert.throws(
      () => TrustedProxies.parse('10.0.0.0/33'),
      /entry 1 "10\.0\.0\.0\/33": the prefix length must be 0 to 32/,
    );
    assert.throws(() => TrustedProxies.parse('2001:db8::/129'), /0 to 128/);
    assert.throws(() => TrustedProxies.parse(' , '), /names no proxy/);
  });

  test('X-Forwarded-For is ignored unless the peer is a trusted proxy', () => {
    assert.equal(clientAddress('198.51.100.7', '203.0.113.9', null), '198.51.100.7');
    const t = TrustedProxies.parse('10.0.0.0/8');
    assert.equal(clientAddress('198.51.100.7', '203.0.113.9', t), '198.51.100.7', 'peer not trusted');
    assert.equal(clientAddress('::ffff:198.51.100.7', undefined, null), '198.51.100.7');
  });

  test('behind trusted proxies, the right-most hop that is not one of them', () => {
    const t = TrustedProxies.parse('10.0.0.0/8');
    // The client wrote "1.1.1.1" itself; the proxy appended the real peer.
    assert.equal(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9', t), '203.0.113.9');
    // Two proxies of ours in a row.
    assert.equal(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9, 10.0.0.3', t), '203.0.113.9');
    // Several headers count as one list.
    assert.equal(clientAddress('10.0.0.2', ['1.1.1.1', '203.0.113.9, 10.0.0.5'], t), '203.0.113.9');
    // No header: the proxy itself.
    assert.equal(clientAddress('10.0.0.2', undefined, t), '10.0.0.2');
    // Only proxies: the left-most.
    assert.equal(clientAddress('10.0.0.2', '10.0.0.7, 10.0.0.3', t), '10.0.0.7');
    // Garbage written by a trusted hop ends the walk at the last address.
    assert.equal(clientAddress('10.0.0.2', '203.0.113.9, bogus, 10.0.0.3', t), '10.0.0.3');
    // Ports and brackets as some proxies write them.
    assert.equal(clientAddress('10.0.0.2', '[2001:db8::5]:1234', t), '2001:db8::5');
  });
});

const reportConfigFromEnv = (env: Record<string, string>) => reportConfigOf(loadConfig(env));

describe('configuration', () => {
  test('defaults, and a clear message for each mistake', () => {
    const c = reportConfigFromEnv({});
    assert.equal(c.threshold, 3);
    assert.equal(c.trustProxy, null);
    assert.equal(c.secret, null);
    assert.deepEqual(c.limits, { perReader: 10, perAddress: 30, windowS: 600 });
    assert.equal(reportConfigFromEnv({ KIOSQUE_REPORT_THRESHOLD: '5' }).threshold, 5);
    assert.throws(
      () => reportConfigFromEnv({ KIOSQUE_REPORT_THRESHOLD: '0' }),
      /KIOSQUE_REPORT_THRESHOLD="0" must be a whole number from 1/,
    );
    assert.throws(() => reportConfigFromEnv({ KIOSQUE_REPORT_THRESHOLD: 'three' }), /"three"/);
    assert.throws(
      () => reportConfigFromEnv({ KIOSQUE_TRUST_PROXY: 'proxy' }),
      /KIOSQUE_TRUST_PROXY: entry 1 "proxy"/,
    );
    assert.throws(() => reportConfigFromEnv({ KIOSQUE_SECRET: 'short' }), /at least 16 characters/);
    assert.throws(
      () => reportConfigFromEnv({ KIOSQUE_REPORT_LIMIT_READER: '-1' }),
      /KIOSQUE_REPORT_LIMIT_READER/,
    );
  });
});

describe('hashes and tokens', () => {
  let db: TestDatabase;
  let store: Store;
  const config = reportConfigFromEnv({});

  before(async () => {
    db = await BACKENDS[0]!.create();
    store = new Store(await openDatabase(db.url));
  });
  after(async () => {
    await store.close();
    await db.drop();
  });

  test('the address salt and CSRF key are made once and shared by every process', async () => {
    const a = await Moderation.open(store, config);
    const b = await Moderation.open(store, config);
    assert.equal(a.addressHash('192.0.2.1'), b.addressHash('192.0.2.1'));
    assert.equal(a.csrfToken(), b.csrfToken());
    const rows = await dbOf(store).selectFrom('app_secrets').selectAll().execute();
    assert.deepEqual(rows.map((r) => r.name).sort(), ['address-salt', 'csrf']);
    assert.ok(rows.every((r) => r.value.length >= 40));
  });

  test('a hash hides the address and makes a /64 one reader', async () => {
    const m = await Moderation.open(store, config);
    const h = m.addressHash('192.0.2.1');
    assert.match(h, /^[0-9a-f]{32}$/);
    // (Not '192': 32 hex digits hold those three by chance about once in 140 salts.)
    assert.ok(!h.includes('192.0.2.1') && !h.includes('c0000201'));
    assert.notEqual(h, m.addressHash('192.0.2.2'));
    assert.equal(h, m.addressHash('::ffff:192.0.2.1'));
    assert.equal(m.addressHash('2001:db8:1:2::1'), m.addressHash('2001:db8:1:2:abcd::9'));
    assert.notEqual(m.addressHash('2001:db8:1:2::1'), m.addressHash('2001:db8:1:3::1'));
    assert.notEqual(m.readerHash('a'.repeat(22)), m.addressHash('a'.repeat(22)));
  });

  test('KIOSQUE_SECRET makes the same keys everywhere, other than the stored ones', async () => {
    const secret = 'correct horse battery staple';
    const a = await Moderation.open(store, { ...config, secret });
    const b = await Moderation.open(store, { ...config, secret });
    const stored = await Moderation.open(store, config);
    assert.equal(a.addressHash('192.0.2.1'), b.addressHash('192.0.2.1'));
    assert.notEqual(a.addressHash('192.0.2.1'), stored.addressHash('192.0.2.1'));
    assert.notEqual(a.csrfToken(), stored.csrfToken());
  });

  test('a token is good in its hour and the next, not before nor after', async () => {
    const m = await Moderation.open(store, config);
    const hour = 3_600_000;
    const t0 = Date.UTC(2026, 10, 29, 10, 0, 0);
    const token = m.csrfToken(t0 + 10);
    assert.match(token, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(m.csrfToken(t0 + hour - 1), token, 'the same for everyone within the hour');
    assert.ok(m.verifyCsrfToken(token, t0 + 5));
    assert.ok(m.verifyCsrfToken(token, t0 + hour + 5), 'still good in the next hour');
    assert.ok(m.verifyCsrfToken(token, t0 + 2 * hour - 1));
    assert.ok(!m.verifyCsrfToken(token, t0 + 2 * hour), 'expired two buckets on');
    assert.ok(!m.verifyCsrfToken(token, t0 - 1), 'not good before its time');
    assert.ok(!m.verifyCsrfToken(`${token.slice(0, 31)}${token[31] === 'A' ? 'B' : 'A'}`, t0 + 5));
    assert.ok(!m.verifyCsrfToken('', t0));
    assert.ok(!m.verifyCsrfToken(undefined, t0));
    assert.ok(!m.verifyCsrfToken(['x'], t0));
  });
});
