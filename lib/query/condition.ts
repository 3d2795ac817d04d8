/**
 * One filter condition as every path needs it: SQL with its bound values for
 * SQLite, the same test over the columnar copy (lib/columnar), and its
 * English for the "where ..." sentence. Each filter of the registry
 * (./filters.ts) makes its conditions with all three at once, so no filter
 * can exist on one path and not the other.
 */
import type { Columnar, Mask } from '@/lib/columnar/masks';
import { QueryError } from '@/lib/errors';

export interface Condition {
  /** Without the WHERE keyword, over `frames`. */
  sql: string;
  params: unknown[];
  description: string;
  /** The rows that pass, in the columnar copy: exactly the rows `sql` selects. */
  mask(columnar: Columnar): Mask;
  /**
   * Set when the mask depends on the ingested frames alone (not on selections,
   * palettes or faces), so it may be kept as long as the copy is: the same
   * condition recurs in every request of one sidebar click.
   */
  cacheKey?: string;
}

export interface WhereClause {
  /** Conditions joined with AND, without the WHERE keyword; '' when there are none. */
  sql: string;
  params: unknown[];
  descriptions: string[];
  conditions: Condition[];
}

/** The sentence shown above results: "where prim_char_flag = 1 and p_face_size > 4", or '' for no filters. */
export function describeWhere(descriptions: readonly string[]): string {
  return descriptions.length === 0 ? '' : `where ${descriptions.join(' and ')}`;
}

export function whereClauseOf(conditions: Condition[]): WhereClause {
  return {
    sql: conditions.map((c) => c.sql).join(' AND '),
    params: conditions.flatMap((c) => c.params),
    descriptions: conditions.map((c) => c.description),
    conditions,
  };
}

/** The cache key of a condition that reads frames only: its SQL and bound values say everything. */
export function framesOnlyKey(sql: string, params: unknown[]): string {
  return `${sql}\u0000${JSON.stringify(params)}`;
}

/** A parameter that may be given once: its value, or null when absent. */
export function single(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name);
  if (values.length > 1) throw new QueryError(name, 'given more than once');
  return values[0] ?? null;
}
