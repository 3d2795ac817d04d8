/**
 * Conditions evaluated over the columnar copy, with the masks of
 * frames-only conditions kept for the copy's lifetime: one sidebar click
 * sends the grid's request and a facet request per group, and each repeats
 * all but one of the same conditions.
 */
import type { Condition } from '@/lib/query/condition';
import { and, type Columnar, type Mask } from './masks';

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
