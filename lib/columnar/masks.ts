/**
 * Row masks over the columnar copy: one byte a row, 1 where the row passes.
 * Bytes rather than bits: every pass below is a plain typed-array loop that
 * V8 compiles tight, and a million rows is one megabyte.
 */
import type { DB } from '@/lib/db/connection';
import type { FrameColumn } from '@/lib/db/columns';
import type { EncodedColumn, FrameColumns } from './frame-columns';
import { RowIndex } from './frame-columns';

export type Mask = Uint8Array;

/** What a filter's columnar test reads: the copy, its row index, and the database for the rest (selections, names, subtitles). */
export interface Columnar {
  readonly frames: FrameColumns;
  readonly rows: RowIndex;
  readonly db: DB;
  /** Masks of frames-only conditions and sort orders, kept as long as the copy (lib/query/columnar-evaluate.ts). */
  readonly kept: Map<string, Uint8Array | Uint32Array>;
  /** Number columns decoded to one value a row (lib/query/columnar-evaluate.ts decodedNumbers). */
  readonly decoded: Map<FrameColumn, Float64Array>;
}

export function columnarOf(frames: FrameColumns, db: DB): Columnar {
  return { frames, rows: new RowIndex(frames), db, kept: new Map(), decoded: new Map() };
}

/** A zeroed mask for `rows` rows, its length rounded up to whole 32-bit words so masks combine four rows at a time. */
export function emptyMask(rows: number): Mask {
  return new Uint8Array((rows + 3) & ~3);
}

/*
 * The loops over codes come in one copy per code width: V8 compiles an
 * element access for the array types it has seen there, and one loop fed
 * all three widths runs several times slower than three loops fed one each.
 */
function lookUp8(codes: Uint8Array, lut: Uint8Array, mask: Mask): void {
  for (let i = 0; i < codes.length; i++) mask[i] = lut[codes[i]];
}
function lookUp16(codes: Uint16Array, lut: Uint8Array, mask: Mask): void {
  for (let i = 0; i < codes.length; i++) mask[i] = lut[codes[i]];
}
function lookUp32(codes: Uint32Array, lut: Uint8Array, mask: Mask): void {
  for (let i = 0; i < codes.length; i++) mask[i] = lut[codes[i]];
}

/** Rows whose code the lookup table marks: `lut` has one entry per value and one more for NULL. */
export function maskFromCodes(column: EncodedColumn, lut: Uint8Array): Mask {
  const { codes } = column;
  const mask = emptyMask(codes.length);
  if (codes instanceof Uint8Array) lookUp8(codes, lut, mask);
  else if (codes instanceof Uint16Array) lookUp16(codes, lut, mask);
  else lookUp32(codes, lut, mask);
  return mask;
}

function count8(codes: Uint8Array, rows: Uint32Array, counts: Uint32Array): void {
  for (let i = 0; i < rows.length; i++) counts[codes[rows[i]]]++;
}
function count16(codes: Uint16Array, rows: Uint32Array, counts: Uint32Array): void {
  for (let i = 0; i < rows.length; i++) counts[codes[rows[i]]]++;
}
function count32(codes: Uint32Array, rows: Uint32Array, counts: Uint32Array): void {
  for (let i = 0; i < rows.length; i++) counts[codes[rows[i]]]++;
}

/** Rows per code among the listed rows, NULL's last. */
export function countCodes(column: EncodedColumn, rows: Uint32Array): Uint32Array {
  const counts = new Uint32Array(column.values.length + 1);
  const { codes } = column;
  if (codes instanceof Uint8Array) count8(codes, rows, counts);
  else if (codes instanceof Uint16Array) count16(codes, rows, counts);
  else count32(codes, rows, counts);
  return counts;
}

/** Rows of the given (film, frame) pairs; pairs not in the copy are ignored. */
export function maskFromFrames(columnar: Columnar, frames: Iterable<{ film: string; frame: number }>): Mask {
  const mask = emptyMask(columnar.frames.rows);
  for (const { film, frame } of frames) {
    const row = columnar.rows.rowOf(film, frame);
    if (row >= 0) mask[row] = 1;
  }
  return mask;
}

export function allRows(rows: number): Mask {
  const mask = emptyMask(rows);
  mask.fill(1, 0, rows);
  return mask;
}

function words(mask: Mask): Uint32Array {
  return new Uint32Array(mask.buffer, mask.byteOffset, mask.length >>> 2);
}

/** `a AND b`, into a new mask. */
export function and(a: Mask, b: Mask): Mask {
  const out = emptyMask(a.length);
  const [x, y, z] = [words(a), words(b), words(out)];
  for (let i = 0; i < z.length; i++) z[i] = x[i] & y[i];
  return out;
}

/** The rows a mask marks, in row order: four rows a step, skipping words with none. */
export function rowsOf(mask: Mask): Uint32Array {
  const w = words(mask);
  let n = 0;
  // Each byte is 0 or 1, so the word's bytes sum into its top byte without carrying over.
  for (let i = 0; i < w.length; i++) n += Math.imul(w[i], 0x01010101) >>> 24;
  const out = new Uint32Array(n);
  let at = 0;
  for (let i = 0; i < w.length; i++) {
    const word = w[i];
    if (word === 0) continue;
    const row = i << 2;
    // Typed arrays use the machine's byte order, and Node runs on little-endian ones (x64, arm64): byte k is row + k.
    if (word & 0xff) out[at++] = row;
    if (word & 0xff00) out[at++] = row + 1;
    if (word & 0xff0000) out[at++] = row + 2;
    if (word & 0xff000000) out[at++] = row + 3;
  }
  return out;
}

export function not(a: Mask, rows: number): Mask {
  const out = emptyMask(a.length);
  for (let i = 0; i < rows; i++) out[i] = a[i] ^ 1;
  return out;
}
