// What a site repeats on every page: its boilerplate, learned from the
// pages already read. The same "Les plus lus" list, the same "Source:
// Express.gr <date>" line, the same author blurb under every article are
// not the article, whatever their words; a block of text seen on several
// other pages of the same site is one of those. No rule is written by
// hand: the site's own pages teach it.
//
// Blocks are kept as 32-bit hashes of their text with digits folded (a
// dateline repeats with another date), per host, with a budget: at most
// MAX_HOSTS hosts and MAX_BLOCKS blocks a host, the least recently seen
// forgotten first, so the memory stays under a few megabytes whatever the
// crawl. One memory lives in each thread that extracts pages.
import { hashString } from '../util/hash.ts';

/** Other pages of the site a block must have been seen on to be its boilerplate. */
export const SEEN_ON_PAGES = 2;
const MAX_HOSTS = 500;
const MAX_BLOCKS = 600;
/** Pages remembered per host, so that a page read twice (an update) is not counted twice. */
const MAX_PAGES = 64;

interface HostMemory {
  /** Block hash → pages it was seen on (capped at SEEN_ON_PAGES + 1). */
  blocks: Map<number, number>;
  /** Hashes of the page URLs already recorded. */
  pages: Set<number>;
}

export class SiteMemory {
  private readonly hosts = new Map<string, HostMemory>();

  /** The view of one page: what its site repeats, learned as the page is recorded. */
  forPage(url: string): PageView | null {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return null;
    }
    if (!host) return null;
    let memory = this.hosts.get(host);
    if (memory) {
      // Most recently used last: the first hosts of the map are forgotten first.
      this.hosts.delete(host);
    } else {
      memory = { blocks: new Map(), pages: new Set() };
      if (this.hosts.size >= MAX_HOSTS) this.hosts.delete(this.hosts.keys().next().value as string);
    }
    this.hosts.set(host, memory);
    const page = hashString(url);
    const known = memory.pages.has(page);
    return {
      learn: (texts) => {
        const hashes = texts.map(blockHash);
        const repeated = hashes.map((h) => (memory.blocks.get(h) ?? 0) >= SEEN_ON_PAGES);
        if (known) return repeated;
        memory.pages.add(page);
        if (memory.pages.size > MAX_PAGES) memory.pages.delete(memory.pages.values().next().value as number);
        for (const hash of new Set(hashes)) {
          const seen = memory.blocks.get(hash) ?? 0;
          memory.blocks.delete(hash);
          memory.blocks.set(hash, Math.min(SEEN_ON_PAGES + 1, seen + 1));
        }
        while (memory.blocks.size > MAX_BLOCKS)
          memory.blocks.delete(memory.blocks.keys().next().value as number);
        return repeated;
      },
    };
  }
}

export interface PageView {
  /**
   * For each of the page's blocks, whether SEEN_ON_PAGES other pages of the
   * site had it; the page's blocks are then recorded (once per page URL).
   */
  learn(texts: string[]): boolean[];
}

/** A block's text as compared across pages: lower case, spaces collapsed, digits folded. */
function blockHash(text: string): number {
  return hashString(text.toLowerCase().replace(/\s+/g, ' ').replace(/\p{N}/gu, '0').trim());
}
