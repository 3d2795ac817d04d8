/**
 * WebDataset shards: a new folder under the export root holding
 * `<split>-000000.tar`, `<split>-000001.tar` ... (`all-` without splits) and
 * the manifests. Each sample is `<key>.jpg` (or `.png`), `<key>.json` and,
 * when there are classes, `<key>.cls`, next to each other in one shard (the
 * WebDataset convention: a sample is the run of members sharing the name
 * before the first dot). Members are written in the order they were handed
 * in, whatever order their bytes are ready in, as the zip does; the folder
 * is written under a partial name and renamed when complete (folder-sink.ts).
 *
 * A shard holds `shardSize` samples, or without it, is closed once it holds
 * SHARD_BYTES: the usual advice for WebDataset is shards of a few hundred MB,
 * large enough to read at disk speed, small enough to spread over workers.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { METADATA_COLUMN_NAMES } from '@/lib/db/columns';
import type { FolderSink } from './folder-sink';
import type { Sample } from './samples';
import { ExportError, type ExportSink } from './sink';
import { memberHeader, padding, TAR_END } from './tar';

export const SHARD_BYTES = 256 * 1024 * 1024;
/** Bytes gathered before one write to the shard: a few frames' worth. */
const FLUSH_BYTES = 4 * 1024 * 1024;
/** Bytes handed to writes not yet done before the next member waits: reading goes on while the disk takes a batch or two. */
const MAX_QUEUED = 3 * FLUSH_BYTES;
/** Frames read ahead of the member being written: reads are round trips to the thread pool, so several overlap. */
const WEBDATASET_CONCURRENCY = 16;

export function shardName(group: string, index: number): string {
  return `${group}-${String(index).padStart(6, '0')}.tar`;
}

/** The member names of one sample: `<key>.<ext>`, and its place in the shard set's groups (`train/...`). */
export function memberPath(group: string, sample: Sample, extension: string): string {
  return `${group}/${sample.key}.${extension}`;
}

/** `<key>.json`: the manifest row, the crop and the boxes of one sample. */
export function sampleJson(sample: Sample, classIndex: number | null): Buffer {
  const { frame } = sample;
  const columns = Object.fromEntries(METADATA_COLUMN_NAMES.map((column) => [column, frame.row[column]]));
  return Buffer.from(
    JSON.stringify({
      key: sample.key,
      film: frame.film,
      frame: frame.frame,
      split: frame.split,
      label: frame.label,
      label_index: classIndex,
      ...columns,
      character: sample.character,
      face: sample.face,
      crop: sample.crop && [sample.crop.x, sample.crop.y, sample.crop.width, sample.crop.height],
      width: sample.width,
      height: sample.height,
      objects: sample.boxes.map((box) => ({ ...box, area: Math.round(box.bbox[2] * box.bbox[3] * 100) / 100 })),
    }),
  );
}

interface Shard {
  group: string;
  name: string;
  handle: FileHandle;
  samples: number;
  bytes: number;
}

export class WebDatasetSink implements ExportSink {
  readonly concurrency = WEBDATASET_CONCURRENCY;
  /** Every shard written, in order, with its sample count. */
  readonly shards: Array<{ name: string; samples: number }> = [];
  /** The shard of each sample, in the order the samples were written. */
  readonly sampleShards: number[] = [];
  private shard: Shard | null = null;
  private lastKey: string | null = null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The writes queued on the shard, one after another, and their bytes not yet written. */
  private writing: Promise<void> = Promise.resolve();
  private queued = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private readonly mtime: number;

  constructor(
    private readonly folder: FolderSink,
    private readonly shardSize: number | null,
    date: Date,
  ) {
    this.mtime = Math.floor(date.getTime() / 1000);
  }

  /** Takes the next place now; appends once `load` is ready and every member before it is written. */
  private inOrder<T>(load: Promise<T>, write: (loaded: T) => Promise<void>): Promise<void> {
    const previous = this.chain;
    const entry = (async () => {
      const loaded = await load;
      await previous;
      if (this.failure) throw this.failure;
      await write(loaded);
    })();
    // A member missing from the middle would split a sample: nothing more is written after a failure.
    this.chain = entry.catch((error: Error) => {
      this.failure ??= error;
    });
    return entry;
  }

  async copyFile(name: string, source: string): Promise<number> {
    let size = 0;
    await this.inOrder(readFile(source), async (data) => {
      size = data.length;
      await this.member(name, data);
    });
    return size;
  }

  writeData(name: string, data: Buffer | Promise<Buffer>): Promise<void> {
    return this.inOrder(Promise.resolve(data), (loaded) => this.member(name, loaded));
  }

  /** The manifests: files beside the shards. */
  writeText(name: string, chunks: Iterable<string>): Promise<void> {
    return this.folder.writeText(name, chunks);
  }

  /** `group/<key>.<ext>`: a member of the group's current shard; a new key starts a sample, and maybe a new shard. */
  private async member(memberPathInGroup: string, data: Buffer): Promise<void> {
    const slash = memberPathInGroup.indexOf('/');
    const group = memberPathInGroup.slice(0, slash);
    const name = memberPathInGroup.slice(slash + 1);
    if (slash <= 0 || name === '' || name.includes('/')) throw new Error(`webdataset member ${JSON.stringify(memberPathInGroup)} is not <group>/<name>`);
    const key = name.slice(0, name.indexOf('.') < 0 ? name.length : name.indexOf('.'));
    if (key !== this.lastKey) {
      const shard = this.shard;
      const full = shard !== null && (this.shardSize !== null ? shard.samples >= this.shardSize : shard.bytes >= SHARD_BYTES);
      if (shard === null || shard.group !== group || full) await this.nextShard(group);
      this.shard!.samples++;
      this.shards[this.shards.length - 1].samples++;
      this.sampleShards.push(this.shards.length - 1);
      this.lastKey = key;
    }
    for (const part of [...memberHeader(name, data.length, this.mtime), data, padding(data.length)]) {
      this.pending.push(part);
      this.pendingBytes += part.length;
      this.shard!.bytes += part.length;
    }
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /**
   * Queues what was gathered behind the writes before it, and waits only
   * when more than MAX_QUEUED is still to be written: memory stays bounded
   * while the next frames are read during the writes.
   */
  private async flush(): Promise<void> {
    if (this.shard === null || this.pending.length === 0) return;
    const parts = this.pending;
    const bytes = this.pendingBytes;
    const handle = this.shard.handle;
    this.pending = [];
    this.pendingBytes = 0;
    this.queued += bytes;
    this.writing = this.writing.then(async () => {
      if (this.failure) return;
      try {
        await handle.writev(parts);
      } catch (error) {
        this.failure ??= error as Error;
      }
      this.queued -= bytes;
    });
    while (this.queued > MAX_QUEUED && !this.failure) await this.writing;
    if (this.failure) throw this.failure;
  }

  private async closeShard(): Promise<void> {
    if (this.shard === null) return;
    this.pending.push(TAR_END);
    await this.flush();
    await this.writing;
    if (this.failure) throw this.failure;
    await this.shard.handle.close();
    this.shard = null;
  }

  private async nextShard(group: string): Promise<void> {
    await this.closeShard();
    const index = this.shards.filter((shard) => shard.name.startsWith(`${group}-`)).length;
    const name = shardName(group, index);
    const handle = await open(path.join(this.folder.partial, name), 'wx');
    this.shard = { group, name, handle, samples: 0, bytes: 0 };
    this.shards.push({ name, samples: 0 });
  }

  async finish(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
    await this.closeShard();
    await this.folder.finish();
  }

  async abort(): Promise<void> {
    this.failure ??= new ExportError('export aborted');
    await this.chain;
    await this.writing;
    await this.shard?.handle.close().catch(() => {});
    this.shard = null;
    await this.folder.abort();
  }
}

/** Shards in `folder.partial`, renamed with it to the target when complete. */
export function openWebDatasetSink(folder: FolderSink, shardSize: number | null, date: Date): WebDatasetSink {
  return new WebDatasetSink(folder, shardSize, date);
}
