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

/** Rows whose code the lookup table marks: `lut` has one entry per value and one more for NULL. */
export function maskFromCodes(column: EncodedColumn, lut: Uint8Array): Mask {
  const { codes } = column;
  const mask = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) mask[i] = lut[codes[i]];
  return mask;
}

/** Rows of the given (film, frame) pairs; pairs not in the copy are ignored. */
export function maskFromFrames(columnar: Columnar, frames: Iterable<{ film: string; frame: number }>): Mask {
  const mask = new Uint8Array(columnar.frames.rows);
  for (const { film, frame } of frames) {
    const row = columnar.rows.rowOf(film, frame);
    if (row >= 0) mask[row] = 1;
  }
  return mask;
}

export function allRows(rows: number): Mask {
  return new Uint8Array(rows).fill(1);
}

/** `a AND b`, into a new mask. */
export function and(a: Mask, b: Mask): Mask {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

export function not(a: Mask): Mask {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ 1;
  return out;
}

export function countRows(mask: Mask): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}
