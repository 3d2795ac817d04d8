/**
 * Facets: how many of the filtered frames hold each value of a column, the
 * way Datasette's column facets count them. The most frequent values are
 * listed, up to FACET_LIMIT, and the count of NULLs is always added, last,
 * because "no face" or "no emotion" is often what the user is looking for.
 */
import type { DB } from '@/lib/db/connection';
import { compareSqlValues, parseValueCounts, type CountedValue } from '@/lib/db/value-counts';
import { quoted, type FrameColumn } from '@/lib/db/columns';
import type { WhereClause } from './condition';
import { whereSql } from './page';
import { cachedStatement } from './statements';

export const FACET_LIMIT = 50;

export interface FacetValue {
  value: string | number | null;
  count: number;
}

/**
 * Without filters, grouping along the column's index reads the values in
 * order and needs no sort. With filters, `value_counts` counts the matching
 * rows in one pass; a GROUP BY would sort them all first (see
 * lib/db/value-counts.ts).
 */
export function facetQuery(where: WhereClause, column: FrameColumn): { sql: string; params: unknown[]; counted: boolean } {
  const c = quoted(column);
  if (!where.sql) return { sql: `SELECT ${c} AS value, count(*) AS count FROM frames GROUP BY ${c}`, params: [], counted: false };
  return { sql: `SELECT value_counts(${c}) FROM frames${whereSql(where)}`, params: where.params, counted: true };
}

/** Ties in count are broken by value, so the listing is stable from one request to the next. */
export function facetCounts(db: DB, where: WhereClause, column: FrameColumn): FacetValue[] {
  const query = facetQuery(where, column);
  const statement = cachedStatement(db, query.sql);
  const pairs: Array<[CountedValue, number]> = query.counted
    ? parseValueCounts(statement.pluck().get(...query.params) as string | null)
    : (statement.raw().all(...query.params) as Array<[CountedValue, number]>);
  return rankFacet(pairs);
}

/** The listing from every (value, count) pair: most frequent first, ties by value, NULL's count last. */
export function rankFacet(pairs: Array<[CountedValue, number]>): FacetValue[] {
  const values = pairs
    .filter(([value]) => value !== null)
    .sort(([va, a], [vb, b]) => b - a || compareSqlValues(va, vb))
    .slice(0, FACET_LIMIT)
    .map(([value, count]) => ({ value, count }));
  const nulls = pairs.find(([value]) => value === null);
  return nulls ? [...values, { value: null, count: nulls[1] }] : values;
}
