/**
 * Zip exports with archiver, streamed to any Writable (a file for the CLI,
 * the HTTP response for a download) and never built in memory: one entry is
 * appended at a time, and the next waits until archiver has taken it (its
 * `entry` event) and until the destination has taken all but a couple of
 * megabytes of what came before. The next few frames are read meanwhile.
 * Memory stays at a few frames and stream buffers however many frames there
 * are, and however slow the reader.
 *
 * JPEG and PNG entries are stored (they do not compress); the manifests are
 * deflated. ZIP64 is forced beyond 65,535 entries or 4 GB (archiver would
 * switch by itself at the end; forcing it up front keeps every header uniform).
 */
import { ZipArchive } from './zip-archive';
import { createWriteStream } from 'node:fs';
import { link, open, realpath, rm, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { QueryError } from '@/lib/errors';
import { freeSibling, partialPath } from './folder-sink';
import { pathExists, textStream, type ExportSink } from './sink';

export const ZIP64_ENTRIES = 65_535;
export const ZIP64_BYTES = 0xffffffff;

/**
 * Gathers archiver's output into 64 KB chunks: it writes each header field
 * as its own 2-4 byte chunk, some thirty per entry, which would otherwise
 * each become a write() or an HTTP chunk.
 */
class Coalesce extends Transform {
  private parts: Buffer[] = [];
  private size = 0;

  /** `sent` hears how many bytes went on towards the destination. */
  constructor(private readonly sent: (bytes: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.length >= CHUNK) {
      // File data passes as it is (no copy); only the small header pieces before it are joined.
      this.release();
      this.push(chunk);
      this.sent(chunk.length);
    } else {
      this.parts.push(chunk);
      this.size += chunk.length;
      if (this.size >= CHUNK) this.release();
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.release();
    callback();
  }

  private release(): void {
    if (this.size === 0) return;
    this.push(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size));
    this.sent(this.size);
    this.parts = [];
    this.size = 0;
  }
}

const CHUNK = 64 * 1024;
/** Files up to this size are read whole into memory (one at a time), larger ones streamed. */
const WHOLE_FILE_LIMIT = 16 * 1024 * 1024;
/** How far (bytes) the appended entries may run ahead of what the destination has taken. */
const MAX_AHEAD = 2 * 1024 * 1024;
const ENTRY_OVERHEAD = 100;
/**
 * Entries in hand at once: each is read from disk (or converted by sharp)
 * while the ones before it are appended, and they go into the archive in
 * the order they were handed in.
 */
const ZIP_CONCURRENCY = 4;

/** The first `size` bytes of an open file (fewer if it has shrunk since it was sized). */
async function readWhole(file: FileHandle, size: number): Promise<Buffer> {
  const data = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await file.read(data, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === size ? data : data.subarray(0, filled);
}

export function needsZip64(entries: number, bytes: number): boolean {
  return entries > ZIP64_ENTRIES || bytes >= ZIP64_BYTES;
}

export interface ZipOptions {
  forceZip64: boolean;
  /** Modification time of every entry: the export's time, so one export gives one archive. */
  date: Date;
}

class ZipSink implements ExportSink {
  readonly concurrency = ZIP_CONCURRENCY;
  private readonly archive: ZipArchive;
  private failure: Error | null = null;
  private pending: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private waiting: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private finishing = false;
  /**
   * Bytes the destination will have received once everything appended so
   * far has gone through, and bytes passed on to it: the difference is the
   * backlog held in the archive's buffers.
   */
  private appended = 0;
  private sent = 0;
  /** Settles once the entry handed in last is in the archive, or has failed. */
  private lastEntry: Promise<void> = Promise.resolve();

  constructor(
    private readonly destination: Writable,
    private readonly options: ZipOptions,
  ) {
    this.archive = new ZipArchive({ forceZip64: options.forceZip64, zlib: { level: 6 } });
    this.archive.on('entry', () => {
      const pending = this.pending;
      this.pending = null;
      pending?.resolve();
    });
    this.archive.on('error', (error) => this.fail(error));
    this.archive.on('warning', (error) => this.fail(error));
    destination.on('error', (error) => this.fail(error));
    destination.on('close', () => {
      if (!this.finishing) this.fail(new Error('the zip destination (the download, or the file) was closed before the export finished'));
    });
    const coalesce = new Coalesce((bytes) => this.onSent(bytes));
    coalesce.on('error', (error) => this.fail(error));
    this.archive.pipe(coalesce).pipe(destination);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of [this.pending, this.waiting]) waiter?.reject(this.failure);
    this.pending = null;
    this.waiting = null;
  }

  private onSent(bytes: number): void {
    this.sent += bytes;
    if (this.waiting && this.appended - this.sent <= MAX_AHEAD) {
      this.waiting.resolve();
      this.waiting = null;
    }
  }

  /**
   * A buffer entry is taken by archiver at once, whatever the destination's
   * pace (a stream entry is read only as fast as it drains): wait here until
   * the destination has caught up to within MAX_AHEAD.
   */
  private caughtUp(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.appended - this.sent <= MAX_AHEAD) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private async append(source: Readable | Buffer, name: string, store: boolean): Promise<void> {
    try {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve, reject) => {
        this.pending = { resolve, reject };
        this.archive.append(source, { name, store, date: this.options.date });
      });
    } catch (error) {
      // archiver leaves a source it was reading open when the archive fails (and one never handed to it stays open): close the file (or the manifest's row iterator).
      if (!Buffer.isBuffer(source)) source.destroy();
      throw error;
    }
    if (Buffer.isBuffer(source)) {
      // A stored entry: its bytes, its name twice (local and central headers) and about 100 bytes of headers.
      this.appended += source.length + 2 * Buffer.byteLength(name) + ENTRY_OVERHEAD;
      await this.caughtUp();
    } else {
      // A stream was read at the destination's pace: what it produced has mostly gone through already.
      this.appended = Math.max(this.appended, this.sent);
    }
  }

  /**
   * Takes the next place in the archive now, and appends there once `load`
   * has produced the entry and every entry before it is in.
   */
  private inOrder<T>(load: Promise<T>, append: (loaded: T) => Promise<void>): Promise<void> {
    const previous = this.lastEntry;
    const entry = (async () => {
      try {
        const loaded = await load;
        await previous;
        await append(loaded);
      } catch (error) {
        // An entry missing from the middle would misplace every later one: nothing more is appended.
        this.fail(error as Error);
        throw error;
      }
    })();
    this.lastEntry = entry.catch(() => {});
    return entry;
  }

  /**
   * A frame (100-400 KB) is read whole and appended as a buffer: archiver
   * handles a buffer in a fifth of the time of a file stream, and only a
   * few are held at a time. Anything large is streamed. The file is opened
   * once and sized from the open file, without a stat by name beforehand.
   */
  async copyFile(name: string, source: string): Promise<number> {
    let size = 0;
    await this.inOrder(this.load(source), async (loaded) => {
      size = Buffer.isBuffer(loaded) ? loaded.length : loaded.size;
      await this.append(Buffer.isBuffer(loaded) ? loaded : loaded.stream, name, true);
    });
    return size;
  }

  /** A file's bytes, or for a large one a stream of them (opened now, read when its turn comes). */
  private async load(source: string): Promise<Buffer | { stream: Readable; size: number }> {
    const file = await open(source);
    try {
      const { size } = await file.stat();
      // The stream owns the handle from here: it closes it when it ends, and append() destroys it on failure.
      if (size > WHOLE_FILE_LIMIT) return { stream: file.createReadStream(), size };
      const data = await readWhole(file, size);
      await file.close();
      return data;
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  writeData(name: string, data: Buffer | Promise<Buffer>, compress: boolean): Promise<void> {
    return this.inOrder(Promise.resolve(data), (loaded) => this.append(loaded, name, !compress));
  }

  writeText(name: string, chunks: Iterable<string>): Promise<void> {
    return this.inOrder(Promise.resolve(), () => this.append(textStream(chunks), name, false));
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.finishing = true;
    await this.archive.finalize();
    // For a download this waits until the client has read the last byte.
    await finished(this.destination);
    if (this.failure) throw this.failure;
  }

  async abort(): Promise<void> {
    this.fail(new Error('export aborted'));
    this.archive.abort();
    // Destroyed with the error, so a download ends as failed in the browser rather than as a short zip.
    this.destination.destroy(this.failure ?? undefined);
  }
}

/** A zip written to `destination` (e.g. the writable end of an HTTP response body, web-body.ts). */
export function openZipSink(destination: Writable, options: ZipOptions): ExportSink {
  return new ZipSink(destination, options);
}

/**
 * The CLI's `--zip FILE` (relative to the working directory): refuses a
 * file that exists (exports never overwrite), a folder that does not, and
 * a file inside the library, naming the path and what would do instead.
 */
export async function checkZipFile(file: string, param = 'zip', libraryRoot: string | null = null): Promise<string> {
  const target = path.resolve(file);
  if (await pathExists(target)) throw new QueryError(param, `${target} already exists; exports never overwrite: choose a new file, such as ${await freeSibling(target)}`);
  const dir = path.dirname(target);
  if (!(await pathExists(dir))) throw new QueryError(param, `the folder ${dir} does not exist: create it first (mkdir -p ${dir}) or write the zip into an existing folder`);
  if (libraryRoot !== null) {
    const library = await realpath(/*turbopackIgnore: true*/ libraryRoot).catch(() => path.resolve(/*turbopackIgnore: true*/ libraryRoot));
    const realDir = await realpath(dir);
    if (realDir === library || realDir.startsWith(library + path.sep)) {
      throw new QueryError(param, `${target} is inside the library ${library}; exports never write into the library: choose a file outside it`);
    }
  }
  return target;
}

/**
 * A zip file written under a temporary name beside `target` and linked into
 * place when complete (link, unlike rename, refuses to replace a file that
 * appeared meanwhile); removed on failure or cancel.
 */
export function openZipFile(target: string, options: ZipOptions): ExportSink {
  const partial = partialPath(target);
  const zip = new ZipSink(createWriteStream(partial, { flags: 'wx' }), options);
  return {
    concurrency: zip.concurrency,
    copyFile: (name, source) => zip.copyFile(name, source),
    writeData: (name, data, compress) => zip.writeData(name, data, compress),
    writeText: (name, chunks) => zip.writeText(name, chunks),
    async finish() {
      await zip.finish();
      await link(partial, target);
      await unlink(partial);
    },
    async abort() {
      await zip.abort();
      await rm(partial, { force: true });
    },
  };
}
