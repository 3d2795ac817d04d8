/**
 * Row masks over the columnar copy: one byte a row, 1 where the row passes.
 * Bytes rather than bits: every pass below is a plain typed-array loop that
 * V8 compiles tight, and a million rows is one megabyte.
 */
import type { DB } from '@/lib/db/connection';
import type { EncodedColumn, FrameColumns } from './frame-columns';
import { RowIndex } from './frame-columns';

export type Mask = Uint8Array;

/** What a filter's columnar test reads: the copy, its row index, and the database for the rest (selections, names, subtitles). */
export interface Columnar {
  readonly frames: FrameColumns;
  readonly rows: RowIndex;
  readonly db: DB;
  /** Masks of frames-only conditions and sort orders, kept as long as the copy (lib/columnar/evaluate.ts). */
  readonly kept: Map<string, Uint8Array | Uint32Array>;
}

export function columnarOf(frames: FrameColumns, db: DB): Columnar {
  return { frames, rows: new RowIndex(frames), db, kept: new Map() };
}

/** A zeroed mask for `rows` rows, its length rounded up to whole 32-bit words so masks combine four rows at a time. */
export function emptyMask(rows: number): Mask {
  return new Uint8Array((rows + 3) & ~3);
}

/** Rows whose code the lookup table marks: `lut` has one entry per value and one more for NULL. */
export function maskFromCodes(column: EncodedColumn, lut: Uint8Array): Mask {
  const { codes } = column;
  const mask = emptyMask(codes.length);
  for (let i = 0; i < codes.length; i++) mask[i] = lut[codes[i]];
  return mask;
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

/** The rows a mask marks, in row order. */
export function rowsOf(mask: Mask, rows: number): Uint32Array {
  const w = words(mask);
  let n = 0;
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) n += mask[4 * i] + mask[4 * i + 1] + mask[4 * i + 2] + mask[4 * i + 3];
  const out = new Uint32Array(n);
  let at = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i] === 0) continue;
    for (let row = 4 * i; row < 4 * i + 4 && row < rows; row++) if (mask[row]) out[at++] = row;
  }
  return out;
}

export function not(a: Mask, rows: number): Mask {
  const out = emptyMask(a.length);
  for (let i = 0; i < rows; i++) out[i] = a[i] ^ 1;
  return out;
}
