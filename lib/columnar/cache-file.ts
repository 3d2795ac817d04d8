/**
 * The columnar copy saved beside the database (`<db>.columns`), so a
 * restarted server has it in a fraction of a second instead of reading every
 * row again. The file names the database and the `frames` version it was
 * made from (data_versions), and is read only when both still match: after an
 * ingest it is simply rebuilt. Written to a partial name and renamed, so a
 * crash never leaves half a file under the real name.
 *
 * Layout: a 4-byte little-endian header length, a JSON header, then per
 * column its number values (float64, numbers only), codes and counts, each
 * section starting on an 8-byte boundary.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { DB } from '@/lib/db/connection';
import { columnType, FRAME_COLUMN_NAMES, type FrameColumn } from '@/lib/db/columns';
import type { Codes, EncodedColumn, FrameColumns } from './frame-columns';
import { framesVersion, loadFrameColumns } from './load';

const FORMAT = 'stillroom-columns-1';

interface Header {
  format: string;
  databaseId: number;
  version: number;
  rows: number;
  columns: Array<{ name: FrameColumn; values: number | string[]; codeBytes: 1 | 2 | 4 }>;
}

export function cacheFileOf(dbFile: string): string {
  return `${dbFile}.columns`;
}

export function databaseId(db: DB): number {
  return (db.prepare("SELECT version FROM data_versions WHERE name = 'database_id'").pluck().get() as number | undefined) ?? 0;
}

const pad8 = (n: number) => (n + 7) & ~7;

export function writeColumnCache(file: string, frames: FrameColumns, id: number): void {
  const header: Header = {
    format: FORMAT,
    databaseId: id,
    version: frames.version,
    rows: frames.rows,
    columns: FRAME_COLUMN_NAMES.map((name) => {
      const { values, codes } = frames.columns[name];
      return { name, values: values instanceof Float64Array ? values.length : values, codeBytes: codes.BYTES_PER_ELEMENT as 1 | 2 | 4 };
    }),
  };
  const json = Buffer.from(JSON.stringify(header));
  const partial = `${file}.partial-${randomBytes(4).toString('hex')}`;
  const fd = openSync(partial, 'w');
  try {
    let at = 0;
    const write = (bytes: Uint8Array) => {
      writeSync(fd, bytes);
      at += bytes.length;
      if (at % 8) {
        writeSync(fd, new Uint8Array(pad8(at) - at));
        at = pad8(at);
      }
    };
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    writeSync(fd, length);
    at = 4;
    write(json);
    for (const name of FRAME_COLUMN_NAMES) {
      const { values, codes, counts } = frames.columns[name];
      if (values instanceof Float64Array) write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      write(new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength));
      write(new Uint8Array(counts.buffer, counts.byteOffset, counts.byteLength));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
}

function codesView(buffer: ArrayBuffer, offset: number, bytes: number, rows: number): Codes {
  if (bytes === 1) return new Uint8Array(buffer, offset, rows);
  if (bytes === 2) return new Uint16Array(buffer, offset, rows);
  return new Uint32Array(buffer, offset, rows);
}

/** The saved copy when it was made from this database at this version, else null (missing, stale or unreadable files alike). */
export function readColumnCache(file: string, id: number, version: number): FrameColumns | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  try {
    // A private, 8-byte-aligned copy: typed views need aligned offsets, and Buffers share pooled memory.
    const buffer = new ArrayBuffer(bytes.length);
    new Uint8Array(buffer).set(bytes);
    const length = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Header;
    if (header.format !== FORMAT || header.databaseId !== id || header.version !== version) return null;
    const names = header.columns.map((c) => c.name);
    if (names.join() !== FRAME_COLUMN_NAMES.join()) return null;
    let at = pad8(4 + length);
    const take = (n: number) => {
      const start = at;
      at = pad8(at + n);
      if (at > buffer.byteLength + 7) throw new Error('truncated');
      return start;
    };
    const columns = {} as Record<FrameColumn, EncodedColumn>;
    for (const column of header.columns) {
      const numeric = typeof column.values === 'number';
      if (numeric !== (columnType(column.name) !== 'text')) return null;
      const size = numeric ? (column.values as number) : (column.values as string[]).length;
      const values = numeric ? new Float64Array(buffer, take(size * 8), size) : (column.values as string[]);
      const codes = codesView(buffer, take(header.rows * column.codeBytes), column.codeBytes, header.rows);
      const counts = new Uint32Array(buffer, take((size + 1) * 4), size + 1);
      columns[column.name] = { values, codes, counts };
    }
    return { version: header.version, rows: header.rows, columns };
  } catch {
    return null;
  }
}

/**
 * The copy of `db` (whose file is `dbFile`): the saved one when it matches,
 * else read from the rows in one transaction and saved for next time. A
 * folder the copy cannot be saved in costs the next start a full read, no more.
 */
export function loadColumnsWithCache(db: DB, dbFile: string): { frames: FrameColumns; source: 'saved copy' | 'database' } {
  const cacheFile = cacheFileOf(dbFile);
  const found = db.transaction(() => readColumnCache(cacheFile, databaseId(db), framesVersion(db)))();
  if (found) return { frames: found, source: 'saved copy' };
  const frames = loadFrameColumns(db);
  try {
    writeColumnCache(cacheFile, frames, databaseId(db));
  } catch (error) {
    console.warn(`warning: could not save the columnar copy to ${cacheFile}: ${(error as Error).message}`);
  }
  return { frames, source: 'database' };
}
