/**
 * The parts of zip-stream 7 (archiver's zip engine, on compress-commons)
 * that lib/export/zip-archive.ts extends; the package ships no types.
 */
declare module 'zip-stream' {
  import { Transform, type TransformOptions } from 'node:stream';

  export interface ZipArchiveEntry {
    getMethod(): number;
    setSize(size: number): void;
    setCompressedSize(size: number): void;
    setCrc(crc: number): void;
  }

  export default class ZipStream extends Transform {
    constructor(options?: TransformOptions & { forceZip64?: boolean; zlib?: object; store?: boolean; comment?: string });
    entry(source: Buffer | NodeJS.ReadableStream, data: object, callback: (error: Error | null) => void): this;
    finalize(): void;
    protected _appendBuffer(entry: ZipArchiveEntry, source: Buffer, callback: (error: Error | null, entry?: ZipArchiveEntry) => void): void;
    protected _writeLocalFileHeader(entry: ZipArchiveEntry): void;
    protected _afterAppend(entry: ZipArchiveEntry): void;
  }
}
