// The image proxy's store of bytes: files on disk under the cache directory
// (KIOSQUE_IMAGE_CACHE, default ./data/image-cache), with a small in-memory
// layer for the hot set in front.
//
// Layout: <dir>/<2 hex>/<key>.img (the bytes) and <key>.json (the publisher's
// validators, when fetched, type, hash). The key is a hash of the image's
// URL, not its id, so two databases sharing a directory never mix images up.
// Files are written to a temporary name and renamed, so a reader (another
// process too) never sees half a file.
//
// Bounded size, least recently used out first: each process keeps an index
// of file sizes in recency order (a SizedLru); when the total passes the
// bound the oldest entries' files are deleted. At start the directory is
// scanned and the index filled in order of the files' modification time
// (the last fetch or revalidation), so "recent" across restarts means
// "recently fetched"; within a process's life it means "recently served".
// Several processes sharing the directory each bound what they have seen; a
// file another one deleted is just a miss, fetched again.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../../util/log.ts';
import { SizedLru } from '../cache/index.ts';
import type { ImageType } from './sniff.ts';

export interface CachedImageMeta {
  url: string;
  /** The publisher's validators, sent back on revalidation. */
  etag: string | null;
  lastModified: string | null;
  /** Epoch ms of the last fetch or successful revalidation. */
  fetchedAt: number;
  contentType: ImageType;
  /** sha256 of the bytes, hex. */
  contentHash: string;
  width: number | null;
  height: number | null;
  size: number;
}

export interface CachedImage {
  meta: CachedImageMeta;
  bytes: Buffer;
}

/** Images larger than this are served from disk each time rather than kept in memory. */
const MEMORY_ENTRY_LIMIT = 512 * 1024;

export function cacheKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 40);
}

export class ImageDiskCache {
  /** key -> bytes on disk (image + meta), in recency order. */
  private readonly index: SizedLru<string, true>;
  private readonly memory: SizedLru<string, CachedImage>;
  private readonly madeDirs = new Set<string>();
  readonly ready: Promise<void>;

  constructor(
    readonly dir: string,
    maxBytes: number,
    memoryBytes: number,
    private readonly log: Logger,
  ) {
    this.index = new SizedLru(maxBytes, (key) => {
      this.memory.delete(key);
      void this.remove(key);
    });
    this.memory = new SizedLru(memoryBytes);
    this.ready = this.scan();
  }

  /** Total bytes this process knows to be on disk. */
  get diskBytes(): number {
    return this.index.size;
  }

  async read(key: string): Promise<CachedImage | null> {
    const hot = this.memory.get(key);
    if (hot) {
      this.index.get(key);
      return hot;
    }
    let meta: CachedImageMeta;
    let bytes: Buffer;
    try {
      meta = JSON.parse(await readFile(this.path(key, 'json'), 'utf8')) as CachedImageMeta;
      bytes = await readFile(this.path(key, 'img'));
    } catch {
      return null; // not cached (or evicted by another process meanwhile)
    }
    if (bytes.length !== meta.size) return null; // written by an older or broken writer
    const image = { meta, bytes };
    if (this.index.get(key) === undefined) this.index.set(key, true, this.weight(meta));
    this.remember(key, image);
    return image;
  }

  async write(key: string, image: CachedImage): Promise<void> {
    await this.writeFileAtomic(this.path(key, 'img'), image.bytes);
    await this.writeFileAtomic(this.path(key, 'json'), JSON.stringify(image.meta));
    this.index.set(key, true, this.weight(image.meta));
    this.remember(key, image);
  }

  /** After a 304: the same bytes, new validators and fetch time. */
  async updateMeta(key: string, image: CachedImage): Promise<void> {
    await this.writeFileAtomic(this.path(key, 'json'), JSON.stringify(image.meta));
    this.remember(key, image);
  }

  private remember(key: string, image: CachedImage): void {
    if (image.bytes.length <= MEMORY_ENTRY_LIMIT) this.memory.set(key, image, image.bytes.length);
  }

  private weight(meta: CachedImageMeta): number {
    return meta.size + 512; // the meta file, roughly
  }

  private path(key: string, ext: 'img' | 'json'): string {
    return join(this.dir, key.slice(0, 2), `${key}.${ext}`);
  }

  private async writeFileAtomic(path: string, data: Buffer | string): Promise<void> {
    const dir = dirname(path);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, path);
  }

  private async remove(key: string): Promise<void> {
    for (const ext of ['img', 'json'] as const) {
      try {
        await unlink(this.path(key, ext));
      } catch {
        // already gone (another process evicted it)
      }
    }
  }

  /** Fills the index from what is on disk, oldest first. */
  private async scan(): Promise<void> {
    let shards: string[];
    try {
      shards = await readdir(this.dir);
    } catch {
      return; // no cache yet
    }
    const found: Array<{ key: string; size: number; mtime: number }> = [];
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      let names: string[];
      try {
        names = await readdir(join(this.dir, shard));
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.endsWith('.tmp')) {
          // A write cut short by a crash; harmless to drop (a live writer renames within ms).
          const s = await stat(join(this.dir, shard, name)).catch(() => null);
          if (s && Date.now() - s.mtimeMs > 60_000) await unlink(join(this.dir, shard, name)).catch(() => {});
          continue;
        }
        if (!name.endsWith('.img')) continue;
        const s = await stat(join(this.dir, shard, name)).catch(() => null);
        if (s) found.push({ key: name.slice(0, -4), size: s.size, mtime: s.mtimeMs });
      }
    }
    found.sort((a, b) => a.mtime - b.mtime);
    // Entries served while the scan ran are the most recent: they go back to the end.
    const touched = [...this.index.keys()];
    for (const f of found) {
      if (this.index.peek(f.key) === undefined) this.index.set(f.key, true, f.size + 512);
    }
    for (const key of touched) this.index.get(key);
    this.log.debug({ dir: this.dir, files: found.length, bytes: this.index.size }, 'image cache scanned');
  }
}
