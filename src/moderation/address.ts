// Who is reporting: the reader's network address, taken from the socket, or
// from X-Forwarded-For only when the peer is a proxy the operator named
// (KIOSQUE_TRUST_PROXY), walking the header from the right and stopping at
// the first hop that is not one of those proxies. A client can write what it
// likes at the left of X-Forwarded-For; only what trusted proxies appended
// is believed.
//
// An address becomes a "reader key": an IPv4 address as it is, an IPv6
// address as its /64 (one household or phone gets a whole /64 and can pick
// any address in it), IPv4-mapped IPv6 as the IPv4 address. Only a salted
// hash of the key is ever stored.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * An address in canonical form ("192.0.2.1", "2001:db8::1"), or null when
 * the text is not one. Accepts what sockets and proxies write: brackets, a
 * port, a zone id, IPv4-mapped IPv6 (which becomes IPv4).
 */
export function normalizeAddress(raw: string): string | null {
  const a = parseAddress(raw);
  return a ? a.toString() : null;
}

function parseAddress(raw: string): Addr | null {
  let text = raw.trim();
  if (!text || text.length > 100) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // node:net is strict (four decimal parts for IPv4: no "0x7f.1", no "127.1").
  const family = isIP(text);
  if (family === 0) return null;
  const a = ipaddr.parse(text);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (a as ipaddr.IPv6).toIPv4Address();
  }
  return a;
}

/** The unit a reader is counted by: the IPv4 address, or the IPv6 /64 ("2001:db8:1:2::/64"). */
export function readerKey(address: string): string | null {
  const a = parseAddress(address);
  if (!a) return null;
  if (a.kind() === 'ipv4') return a.toString();
  const parts = (a as ipaddr.IPv6).parts.slice(0, 4);
  const prefix = new ipaddr.IPv6([...parts, 0, 0, 0, 0]);
  return `${prefix.toString()}/64`;
}

/** The proxies named in KIOSQUE_TRUST_PROXY: addresses and CIDR ranges. */
export class TrustedProxies {
  private constructor(
    private readonly ranges: Array<[Addr, number]>,
    /** As the operator wrote them, for logs. */
    readonly entries: string[],
  ) {}

  /**
   * Parses a list of addresses and CIDR ranges separated by commas or
   * spaces ("10.0.0.1, 192.168.0.0/16, ::1"), plus "loopback" for
   * 127.0.0.0/8 and ::1. Throws saying which entry is wrong.
   */
  static parse(value: string, name = 'KIOSQUE_TRUST_PROXY'): TrustedProxies {
    const entries = value
      .split(/[\s,]+/)
      .map((e) => e.trim())
      .filter(Boolean);
    const ranges: Array<[Addr, number]> = [];
    entries.forEach((entry, i) => {
      if (entry.toLowerCase() === 'loopback') {
        ranges.push(ipaddr.parseCIDR('127.0.0.0/8'), ipaddr.parseCIDR('::1/128'));
        return;
      }
      const slash = entry.indexOf('/');
      const where = `${name}: entry ${i + 1} "${entry}"`;
      if (slash < 0) {
        const a = parseAddress(entry);
        if (!a) throw new Error(`${where} is not an IP address or a CIDR range (like 10.0.0.0/8)`);
        ranges.push([a, a.kind() === 'ipv4' ? 32 : 128]);
        return;
      }
      const a = parseAddress(entry.slice(0, slash));
      const bitsText = entry.slice(slash + 1);
      const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
      if (!a) throw new Error(`${where} is not an IP address or a CIDR range (like 10.0.0.0/8)`);
      const max = a.kind() === 'ipv4' ? 32 : 128;
      if (!(bits >= 0 && bits <= max)) {
        throw new Error(`${where}: the prefix length must be 0 to ${max}, not "${bitsText}"`);
      }
      ranges.push([a, bits]);
    });
    if (!ranges.length)
      throw new Error(`${name} names no proxy (set it to addresses or CIDR ranges, or unset it)`);
    return new TrustedProxies(ranges, entries);
  }

  contains(address: string): boolean {
    const a = parseAddress(address);
    if (!a) return false;
    return this.ranges.some(([range, bits]) => range.kind() === a.kind() && a.match(range, bits));
  }
}

/**
 * The reader's address: the socket's peer, unless that peer is a trusted
 * proxy, in which case the right-most X-Forwarded-For hop that is not a
 * trusted proxy (every hop trusted: the left-most). A hop that is not an
 * address ends the walk at the last one that was.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies | null,
): string | null {
  let address = peer ? normalizeAddress(peer) : null;
  if (!address || !trusted?.contains(address)) return address;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = header.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const text = hops[i]?.trim();
    if (!text) continue;
    const hop = normalizeAddress(text);
    if (!hop) return address;
    address = hop;
    if (!trusted.contains(hop)) return hop;
  }
  return address;
}
