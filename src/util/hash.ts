// 32-bit hashing for the story index's bands (src/stories/signature.ts) and a
// site's repeated blocks (src/extract/site-memory.ts). The bands are stored:
// changing these functions means rebuilding the story index.
/** FNV-1a over the UTF-16 code units, then a murmur finaliser: 32 bits, well mixed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h);
}

/** The murmur3 finaliser: mixes the bits of a 32-bit number. */
export function fmix(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
