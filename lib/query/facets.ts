/**
 * Facets: how many of the filtered frames hold each value of a column, the
 * way Datasette's column facets count them. The most frequent values are
 * listed, up to FACET_LIMIT, and the count of NULLs is always added, last,
 * because "no face" or "no emotion" is often what the user is looking for.
 */
import { quoted, type FrameColumn } from './columns';
import type { WhereClause } from './filters';
import { whereSql } from './page';

export const FACET_LIMIT = 50;

export interface FacetValue {
  value: string | number | null;
  count: number;
}

/** Ties in count are broken by value, so the listing is stable from one request to the next. */
export function facetQuery(where: WhereClause, column: FrameColumn): { sql: string; params: unknown[] } {
  const c = quoted(column);
  // With filters, `+c` stops SQLite grouping along the column's index (which
  // would look up every row to test the filters): one pass and a sort is faster.
  const group = where.sql ? `+${c}` : c;
  return {
    sql:
      `WITH counts AS MATERIALIZED (SELECT ${c} AS value, count(*) AS count FROM frames${whereSql(where)} GROUP BY ${group}) ` +
      'SELECT value, count FROM (' +
      `SELECT * FROM (SELECT value, count FROM counts WHERE value IS NOT NULL ORDER BY count DESC, value LIMIT ${FACET_LIMIT}) ` +
      'UNION ALL SELECT value, count FROM counts WHERE value IS NULL' +
      ') ORDER BY value IS NULL, count DESC, value',
    params: where.params,
  };
}
