// A least-recently-used map bounded by a total size (bytes, or any weight),
// on a plain Map: its insertion order is the recency order, so a hit is a
// delete and a set, and eviction takes from the front. O(1) everywhere, no
// dependency, and enough for the page cache and the image proxy's hot set.

export class SizedLru<K, V> {
  private readonly entries = new Map<K, { value: V; size: number }>();
  private total = 0;

  /**
   * @param maxSize total size kept; an entry bigger than this is not kept at all
   * @param onEvict called for entries pushed out by newer ones (not for delete or replace)
   */
  constructor(
    readonly maxSize: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }

  /** The value, marked as just used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The value without changing its place. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V, size: number): void {
    this.delete(key);
    if (size > this.maxSize) return;
    this.entries.set(key, { value, size });
    this.total += size;
    this.evict();
  }

  /** Changes an entry's size in place (a page that gained a compressed variant). */
  resize(key: K, size: number): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.total += size - entry.size;
    entry.size = size;
    this.evict();
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.size;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  private evict(): void {
    while (this.total > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      const entry = this.entries.get(oldest.value)!;
      this.entries.delete(oldest.value);
      this.total -= entry.size;
      this.onEvict?.(oldest.value, entry.value);
    }
  }
}
