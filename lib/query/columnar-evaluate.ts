/**
 * Conditions evaluated over the columnar copy, with the masks of
 * frames-only conditions kept for the copy's lifetime: one sidebar click
 * sends the grid's request and a facet request per group, and each repeats
 * all but one of the same conditions.
 */
import type { FrameColumn } from '@/lib/db/columns';
import type { Condition } from './condition';
import { and, rowsOf, type Columnar, type Mask } from '@/lib/columnar/masks';

/** Kept masks and sort orders together stay within this many bytes (64 masks, or 16 sort orders, of a million frames). */
export const KEPT_BYTES = 64 << 20;

function keptBytes(kept: Columnar['kept']): number {
  let bytes = 0;
  for (const value of kept.values()) bytes += value.byteLength;
  return bytes;
}

/** The value kept under `key`, made by `make` when missing; least recently used ones go first when over budget. */
export function keep<T extends Uint8Array | Uint32Array>(columnar: Columnar, key: string, make: () => T): T {
  const found = columnar.kept.get(key) as T | undefined;
  if (found) {
    columnar.kept.delete(key); // re-inserted: Map order is the recency order
    columnar.kept.set(key, found);
    return found;
  }
  const made = make();
  columnar.kept.set(key, made);
  while (columnar.kept.size > 1 && keptBytes(columnar.kept) > Math.max(KEPT_BYTES, 4 * made.byteLength)) {
    columnar.kept.delete(columnar.kept.keys().next().value as string);
  }
  return made;
}

export function conditionMask(columnar: Columnar, condition: Condition): Mask {
  return condition.cacheKey ? keep(columnar, `mask\u0000${condition.cacheKey}`, () => condition.mask(columnar)) : condition.mask(columnar);
}

/** The rows passing every condition, or null when there is none (every row passes). Never hand out a kept mask to be written. */
export function whereMask(columnar: Columnar, conditions: readonly Condition[]): Mask | null {
  let mask: Mask | null = null;
  for (const condition of conditions) {
    const next = conditionMask(columnar, condition);
    mask = mask ? and(mask, next) : next;
  }
  return mask;
}

/** The rows passing a query's conditions, as a mask (to test a row) and as a list in row order (to visit them). */
export interface Selected {
  mask: Mask;
  rows: Uint32Array;
}

/**
 * The rows passing every condition, or null when there is none. Kept when
 * every condition reads frames only: scrolling the grid asks for window
 * after window of the same filters.
 */
export function selectRows(columnar: Columnar, conditions: readonly Condition[]): Selected | null {
  if (conditions.length === 0) return null;
  const keys = conditions.map((c) => c.cacheKey);
  const make = () => {
    const mask = whereMask(columnar, conditions)!;
    return { mask, rows: rowsOf(mask) };
  };
  if (keys.some((key) => key === undefined)) return make();
  const key = keys.join('\u0000');
  let made: Selected | null = null;
  const rows = keep(columnar, `rows\u0000${key}`, () => (made ??= make()).rows);
  const mask = keep(columnar, `and\u0000${key}`, () => (made ??= make()).mask);
  return { mask, rows };
}

/**
 * A number column's value per row (NaN for NULL), decoded on first use and
 * kept as long as the copy, outside the budget above: for the filters that
 * compute on the values themselves (the colour distance reads lab_l, lab_a,
 * lab_b), where looking each up in a dictionary of a million values would
 * miss the cache at almost every row.
 */
export function decodedNumbers(columnar: Columnar, name: FrameColumn): Float64Array {
  let out = columnar.decoded.get(name);
  if (!out) {
    const { codes, values } = columnar.frames.columns[name];
    out = new Float64Array(codes.length);
    for (let i = 0; i < out.length; i++) out[i] = codes[i] === values.length ? NaN : (values[codes[i]] as number);
    columnar.decoded.set(name, out);
  }
  return out;
}
