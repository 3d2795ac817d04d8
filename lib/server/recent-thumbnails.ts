/**
 * The bytes of recently served thumbnails, kept in memory so a warm request
 * costs one stat of the source JPEG instead of a realpath, a stat and a read
 * of the disk cache. Bounded in bytes, least recently used out first.
 *
 * An entry is served only while the source JPEG still has the identity
 * (device, inode, size, mtime) it had when the thumbnail was made; a
 * re-extracted, replaced or deleted JPEG sends the request back to
 * lib/thumbnails.ts, which resolves and checks the path again. What this
 * cache serves is always a thumbnail made from a file inside the library.
 */
import { statSync } from 'node:fs';
import { sameSource, type Thumbnail } from '@/lib/thumbnails';

/** Room for a few grid screens of every ladder width; a 320 px thumbnail is 10-20 KB. */
export const RECENT_THUMBNAIL_BYTES = 64 * 1024 * 1024;

interface Entry {
  thumb: Thumbnail;
  /** The library path the request names (symlinks not resolved): stat follows them, as the first resolution did. */
  sourcePath: string;
}

function unchanged({ thumb, sourcePath }: Entry): boolean {
  try {
    const now = statSync(sourcePath, { throwIfNoEntry: false });
    return now !== undefined && sameSource(thumb.source, now);
  } catch {
    // Unreadable now (a folder replaced, permissions): the full path decides what to answer.
    return false;
  }
}

export class RecentThumbnails {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number = RECENT_THUMBNAIL_BYTES) {}

  /** The thumbnail stored under `key` if its source JPEG is unchanged; else nothing, and the entry is dropped. */
  get(key: string): Thumbnail | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (!unchanged(entry)) {
      this.delete(key);
      return undefined;
    }
    // Re-inserted to mark it most recently used: a Map iterates in insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.thumb;
  }

  /** Keeps a real thumbnail (placeholders are never kept) and evicts the least recently used past the bound. */
  set(key: string, sourcePath: string, thumb: Thumbnail): void {
    if (thumb.placeholder || thumb.body.length > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, { thumb, sourcePath });
    this.bytes += thumb.body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.thumb.body.length;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.thumb.body.length;
  }

  /** Bytes held, for tests and diagnostics. */
  get size(): number {
    return this.bytes;
  }
}
