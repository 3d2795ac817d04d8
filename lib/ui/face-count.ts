/**
 * The "number of characters" filter: buckets 0, 1, 2, 3 and 4+ of
 * `faces_found`, any combination of them written as API conditions.
 */
import type { FacetValue } from '@/lib/query/facets';
import { conditionsOn, satisfies } from './filter-params';

export const FACE_BUCKETS = [0, 1, 2, 3, 4] as const;
/** The last bucket holds this many faces or more. */
const MANY = 4;
/** Beyond any real frame: the 4+ bucket is selected when some count in [4, this) passes. */
const CHECK_UP_TO = 64;

export function faceBucketLabel(bucket: number): string {
  return bucket >= MANY ? `${MANY}+` : String(bucket);
}

/**
 * Without 4+: `faces_found=n` or `faces_found__in=a,b`. With 4+ and every
 * bucket above the lowest chosen: `faces_found__gte=n`. Otherwise the buckets
 * left out are excluded one by one (with `__notnull`, as `__not` keeps NULLs).
 */
export function faceCountEntries(selected: readonly number[]): Array<[string, string]> {
  const chosen = [...new Set(selected)].sort((a, b) => a - b);
  if (chosen.length === 0 || chosen.length === FACE_BUCKETS.length) return [];
  if (!chosen.includes(MANY)) {
    return chosen.length === 1 ? [['faces_found', String(chosen[0])]] : [['faces_found__in', chosen.join(',')]];
  }
  const lowest = chosen[0];
  if (chosen.length === MANY + 1 - lowest) return [['faces_found__gte', String(lowest)]];
  const left = FACE_BUCKETS.filter((b) => b < MANY && !chosen.includes(b));
  return [['faces_found__notnull', '1'], ...left.map((b): [string, string] => ['faces_found__not', String(b)])];
}

/** The buckets the URL's faces_found conditions select; none when there are no such conditions. */
export function selectedFaceBuckets(params: URLSearchParams): number[] {
  const conditions = conditionsOn(params, 'faces_found');
  if (conditions.length === 0) return [];
  return FACE_BUCKETS.filter((bucket) => {
    if (bucket < MANY) return satisfies('faces_found', conditions, bucket);
    for (let n = MANY; n < CHECK_UP_TO; n++) if (satisfies('faces_found', conditions, n)) return true;
    return false;
  });
}

/** Frames per bucket from a `_facet=faces_found` answer. */
export function faceBucketCounts(facet: readonly FacetValue[]): number[] {
  const counts = FACE_BUCKETS.map(() => 0);
  for (const { value, count } of facet) {
    if (typeof value === 'number') counts[Math.min(value, MANY)] += count;
  }
  return counts;
}
