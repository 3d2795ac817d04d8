/**
 * archiver's ZipArchive with one difference: the CRC-32 of a stored entry
 * appended as a buffer (every frame of an export) comes from zlib instead of
 * the crc-32 package that archiver's zip engine (zip-stream, on
 * compress-commons) calls. That JavaScript CRC ran at under 1 GB/s and was
 * the largest single cost of a zip export (a sixth of its main thread);
 * zlib's runs at several GB/s. archiver's API takes no precomputed CRC, so
 * this is archiver's own zip format (archiver/index.js: an Archiver whose
 * module is zip-stream's engine) with that one method of the engine
 * overridden. Everything else, headers, ZIP64 and deflated entries included,
 * is archiver's code; the versions are pinned in package.json, and the
 * tests check every CRC of the archives written with `unzip -t`.
 */
import { Archiver, type ArchiverOptions } from 'archiver';
import { crc32 } from 'node:zlib';
import ZipStream, { type ZipArchiveEntry } from 'zip-stream';

/** compress-commons' METHOD_STORED. */
const STORED = 0;

class NativeCrcZipStream extends ZipStream {
  /** archiver's core drives its format module through append(), as its own zip plugin does. */
  append(source: Buffer | NodeJS.ReadableStream, data: object, callback: (error: Error | null) => void): void {
    this.entry(source, data, callback);
  }

  // The stored branch of compress-commons' ZipArchiveOutputStream._appendBuffer, with zlib's CRC.
  protected override _appendBuffer(entry: ZipArchiveEntry, source: Buffer, callback: (error: Error | null, entry?: ZipArchiveEntry) => void): void {
    if (entry.getMethod() !== STORED || source.length === 0) {
      super._appendBuffer(entry, source, callback);
      return;
    }
    entry.setSize(source.length);
    entry.setCompressedSize(source.length);
    entry.setCrc(crc32(source));
    this._writeLocalFileHeader(entry);
    this.write(source);
    this._afterAppend(entry);
    callback(null, entry);
  }
}

/** Drives the engine above the way archiver's ZipArchive drives zip-stream's. */
export class ZipArchive extends Archiver {
  constructor(options: ArchiverOptions) {
    super(options);
    const internals = this as unknown as { _format: string; _module: NativeCrcZipStream; _supportsDirectory: boolean; _supportsSymlink: boolean; _modulePipe(): void };
    internals._format = 'zip';
    internals._module = new NativeCrcZipStream({ ...options });
    internals._supportsDirectory = true;
    internals._supportsSymlink = true;
    internals._modulePipe();
  }
}
