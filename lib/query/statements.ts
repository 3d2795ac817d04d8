/**
 * Prepared statements for SQL built from a query's filters, cached per
 * database handle and keyed by the SQL text. The text depends only on which
 * filters, sort and facets are used, never on their values (those are bound),
 * so a UI's few shapes of query are prepared once; the cache is bounded
 * (least recently used out) so a client inventing shapes cannot grow it.
 */
import type { Statement } from 'better-sqlite3';
import type { DB } from '@/lib/db/connection';

export const STATEMENT_CACHE_SIZE = 128;

const caches = new WeakMap<DB, Map<string, Statement<unknown[], unknown>>>();

export function cachedStatement(db: DB, sql: string): Statement<unknown[], unknown> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement) {
    cache.delete(sql); // re-inserted below: Map order is the recency order
  } else {
    statement = db.prepare<unknown[], unknown>(sql);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  cache.set(sql, statement);
  return statement;
}
