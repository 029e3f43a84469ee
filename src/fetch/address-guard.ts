// The address guard: the crawler fetches URLs that come from strangers (feeds,
// redirects, OPML files), so it must never be turned into a probe of the
// operator's own network (loopback, private ranges, the cloud metadata service
// at 169.254.169.254). The decision is a pure function of one address; the
// client checks every address a name resolves to, then connects only to those.
//
// ipaddr.js parses and matches CIDR ranges; the tables of forbidden ranges are
// ours (IANA special-purpose registries), written out so a reader can audit
// them without reading the library's own classification.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { KiosqueError } from '../util/errors.ts';
import type { Resolver } from './types.ts';

type Range = [string, string]; // [CIDR, what it is, in words for the error message]

const FORBIDDEN_V4: Range[] = [
  ['0.0.0.0/8', 'an unspecified ("this network") address'],
  ['10.0.0.0/8', 'a private address'],
  ['100.64.0.0/10', 'a carrier-grade NAT (shared) address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0/12', 'a private address'],
  ['192.0.0.0/24', 'an IETF protocol address'],
  ['192.0.2.0/24', 'a documentation address'],
  ['192.88.99.0/24', 'a 6to4 relay address'],
  ['192.168.0.0/16', 'a private address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['198.51.100.0/24', 'a documentation address'],
  ['203.0.113.0/24', 'a documentation address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved or broadcast address'],
];

// Checked before the "outside 2000::/3" catch-all so the message is precise.
const FORBIDDEN_V6: Range[] = [
  ['::/128', 'an unspecified address'],
  ['::1/128', 'a loopback address'],
  // IPv4-compatible addresses are deprecated; nothing legitimate uses them.
  ['::/96', 'an IPv4-compatible address'],
  ['::ffff:0:0:0/96', 'an IPv4-translated address'],
  ['64:ff9b:1::/48', 'a local-use NAT64 address'],
  ['100::/64', 'a discard-only address'],
  // IETF protocol assignments: Teredo, benchmarking, ORCHID, ...
  ['2001::/23', 'an IETF protocol address (Teredo, benchmarking, ...)'],
  ['2001:db8::/32', 'a documentation address'],
  ['3fff::/20', 'a documentation address'],
  ['fc00::/7', 'a unique-local (private) address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local address'],
  ['ff00::/8', 'a multicast address'],
];

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
const IPV4_MAPPED = ipaddr.IPv6.parseCIDR('::ffff:0:0/96');
const NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR('2002::/16');

const parsedV4 = FORBIDDEN_V4.map(([cidr, label]) => ({ range: ipaddr.IPv4.parseCIDR(cidr), label }));
const parsedV6 = FORBIDDEN_V6.map(([cidr, label]) => ({ range: ipaddr.IPv6.parseCIDR(cidr), label }));

/** Removes URL brackets and an IPv6 zone id ("[fe80::1%eth0]" → "fe80::1"). */
function bareAddress(ip: string): string {
  let bare = ip.trim();
  if (bare.startsWith('[') && bare.endsWith(']')) bare = bare.slice(1, -1);
  const zone = bare.indexOf('%');
  return zone === -1 ? bare : bare.slice(0, zone);
}

/**
 * Why an address may not be fetched ("a private address"), or null when it is
 * a public unicast address. Only strict dotted-quad IPv4 and standard IPv6 text
 * are accepted (net.isIP); anything else is refused as "not an IP address".
 */
export function forbiddenRange(ip: string): string | null {
  const bare = bareAddress(ip);
  const family = isIP(bare);
  if (family === 0) return 'not an IP address';
  if (family === 4) return forbiddenV4(ipaddr.IPv4.parse(bare));
  return forbiddenV6(ipaddr.IPv6.parse(dottedTailToHex(bare)));
}

// ipaddr.js reads "::8.8.8.8" as "::ffff:8.8.8.8" (mapped) although it is the
// IPv4-compatible ::808:808; writing the dotted tail as hex first avoids that.
function dottedTailToHex(ip: string): string {
  return ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => {
    const hex = (hi: string, lo: string) => ((Number(hi) << 8) | Number(lo)).toString(16);
    return `${hex(a, b)}:${hex(c, d)}`;
  });
}

/** True when the crawler must not connect to this address. */
export function isForbiddenAddress(ip: string): boolean {
  return forbiddenRange(ip) !== null;
}

function forbiddenV4(address: ipaddr.IPv4): string | null {
  for (const { range, label } of parsedV4) {
    if (address.match(range)) return label;
  }
  return null;
}

function forbiddenV6(address: ipaddr.IPv6): string | null {
  const parts = address.parts;
  const embedded = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  // Addresses that carry an IPv4 address inside are judged by that address:
  // connecting to ::ffff:127.0.0.1 or 64:ff9b::7f00:1 reaches 127.0.0.1.
  if (address.match(IPV4_MAPPED)) {
    const v4 = embedded(parts[6]!, parts[7]!);
    const inner = forbiddenV4(v4);
    return inner && `an IPv4-mapped form of ${v4.toString()}, ${inner}`;
  }
  if (address.match(NAT64)) {
    const v4 = embedded(parts[6]!, parts[7]!);
    const inner = forbiddenV4(v4);
    return inner && `a NAT64 form of ${v4.toString()}, ${inner}`;
  }
  if (address.match(SIX_TO_FOUR)) {
    const v4 = embedded(parts[1]!, parts[2]!);
    const inner = forbiddenV4(v4);
    return inner && `a 6to4 form of ${v4.toString()}, ${inner}`;
  }
  for (const { range, label } of parsedV6) {
    if (address.match(range)) return label;
  }
  // Everything outside 2000::/3 is unassigned or special; a news site is never there.
  if (!address.match(GLOBAL_UNICAST_V6)) return 'a reserved IPv6 address';
  return null;
}

/**
 * Normalizes one KIOSQUE_ALLOW_HOSTS entry: lower case, port and brackets
 * removed, IP literals in canonical form so "0:0::1" matches "::1".
 */
export function normalizeHost(entry: string): string {
  let host = entry.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    host = end === -1 ? host.slice(1) : host.slice(1, end);
  } else if (host.split(':').length === 2) {
    // One colon: "host:port". More than one: a bare IPv6 literal.
    host = host.slice(0, host.indexOf(':'));
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (isIP(host) !== 0) return ipaddr.parse(host).toNormalizedString();
  return host;
}

/** Whether the URL's host is one the operator opened (compares normalized hosts). */
export function isAllowedHost(hostname: string, allowHosts: readonly string[]): boolean {
  if (allowHosts.length === 0) return false;
  const host = normalizeHost(
    hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname,
  );
  return allowHosts.some((entry) => normalizeHost(entry) === host);
}

/** The default resolver: the system's, every address at once. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export type TargetCheck =
  | { ok: true; addresses: Array<{ address: string; family: 4 | 6 }> }
  | { ok: false; error: KiosqueError };

/**
 * Decides whether a URL may be fetched, resolving its host through `resolver`.
 * Every address must pass: a name that resolves to one public and one private
 * address is refused, since the connection could land on either. The caller
 * connects only to the returned addresses.
 */
export async function checkUrlTarget(
  url: string | URL,
  allowHosts: readonly string[],
  resolver: Resolver = systemResolver,
): Promise<TargetCheck> {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return fail('bad_url', `Not a valid URL: ${String(url)}`, String(url));
  }
  const href = parsed.href;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return fail('bad_url', `Only http and https URLs are fetched, not ${parsed.protocol} (${href})`, href);
  }
  const host = bareAddress(parsed.hostname);
  if (host === '') return fail('bad_url', `URL has no host: ${href}`, href);
  const allowed = isAllowedHost(host, allowHosts);
  const literal = isIP(host);
  if (literal !== 0) {
    const reason = allowed ? null : forbiddenRange(host);
    if (reason) return blocked(host, host, reason, href);
    return { ok: true, addresses: [{ address: host, family: literal === 6 ? 6 : 4 }] };
  }
  let addresses: Array<{ address: string; family: 4 | 6 }>;
  try {
    addresses = await resolver(host);
  } catch (err) {
    const code = (err as { code?: string }).code;
    return fail('network', `Could not resolve host ${host} (${code ?? String(err)}) for ${href}`, href, err);
  }
  if (addresses.length === 0) return fail('network', `Host ${host} resolves to no address (${href})`, href);
  if (!allowed) {
    for (const { address } of addresses) {
      const reason = forbiddenRange(address);
      if (reason) return blocked(host, address, reason, href);
    }
  }
  return { ok: true, addresses };
}

/** The refusal, naming the host and the address, with what the operator can do about it. */
export function blockedAddressError(
  host: string,
  address: string,
  reason: string,
  url?: string,
): KiosqueError {
  const where = host === address ? `address ${address}` : `host ${host} (resolves to ${address})`;
  return new KiosqueError({
    kind: 'blocked_address',
    message:
      `Refused to connect to ${where}: ${reason}. ` +
      `Add "${host}" to KIOSQUE_ALLOW_HOSTS if this target is intended` +
      (url ? ` (${url})` : ''),
    ...(url ? { url } : {}),
  });
}

function blocked(host: string, address: string, reason: string, url: string): TargetCheck {
  return { ok: false, error: blockedAddressError(host, address, reason, url) };
}

function fail(kind: 'bad_url' | 'network', message: string, url: string, cause?: unknown): TargetCheck {
  return { ok: false, error: new KiosqueError({ kind, message, url }, { cause }) };
}
