/**
 * Sorted orders kept between requests, for random access deep into a sort.
 *
 * A page `_offset` rows into a sorted result makes SQLite sort every
 * matching row down to that depth (no index can serve a sort by any column
 * with NULLs last and film, frame as the tiebreak), and the grid and table
 * fetch their windows by offset, so scrolling a sort through 1M frames would
 * sort again for every window. Instead the first page KEEP_ORDER_FROM_OFFSET
 * rows deep into a (filters, sort) stores the whole order as rowids, and
 * later pages, shallow or deep, slice it. Shallower pages before that sort
 * only down to their depth: cheaper than sorting everything, for the user
 * who looks at the first few screens of a sort and moves on.
 *
 * An order is reused only while the database is unchanged: PRAGMA
 * data_version moves when another connection commits (an ingest, the palette
 * analysis) and total_changes() when this one writes (selections, which
 * `_in_selection` filters on). Both are read inside the caller's read
 * transaction, so the order, the version and the rows fetched by rowid all
 * come from one snapshot.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { FRAME_SELECT_LIST, type FrameRow } from '@/lib/db/columns';
import { cachedStatement } from './statements';

/** Orders kept per database handle: 8 bytes a row, so 32 MB at most for four sorts of 1M frames. */
export const KEPT_ORDERS = 4;

export const KEEP_ORDER_FROM_OFFSET = 1000;

interface SortedOrder {
  version: string;
  rowids: Float64Array;
}

const kept = new WeakMap<DB, Map<string, SortedOrder>>();

const statements = preparedFor((db: DB) => ({
  ownChanges: db.prepare('SELECT total_changes()').pluck(),
  // The page's rowids arrive as one JSON array; json_each's key is the position in it.
  rowsAt: db.prepare<[string], FrameRow>(
    `SELECT ${FRAME_SELECT_LIST} FROM json_each(?) AS page CROSS JOIN frames ON frames.rowid = page.value ORDER BY page.key`,
  ),
}));

function databaseVersion(db: DB): string {
  return `${db.pragma('data_version', { simple: true })}:${statements(db).ownChanges.get()}`;
}

/**
 * Every rowid `orderSql` selects, in its order: the kept copy when the
 * database has not changed since it was made, else a new one when `offset`
 * is deep enough to be worth it, else null. Call inside a transaction.
 */
export function sortedRowids(db: DB, orderSql: string, params: unknown[], offset: number): Float64Array | null {
  let orders = kept.get(db);
  if (!orders) kept.set(db, (orders = new Map()));
  const key = `${orderSql}\u0000${JSON.stringify(params)}`;
  const version = databaseVersion(db);
  const found = orders.get(key);
  orders.delete(key); // re-inserted below: Map order is the recency order
  if (found && found.version === version) {
    orders.set(key, found);
    return found.rowids;
  }
  if (offset < KEEP_ORDER_FROM_OFFSET) return null;
  const rowids = Float64Array.from(cachedStatement(db, orderSql).pluck().all(...params) as number[]);
  if (orders.size >= KEPT_ORDERS) orders.delete(orders.keys().next().value as string);
  orders.set(key, { version, rowids });
  return rowids;
}

/** The frames at positions [start, start + count) of a sorted order. */
export function framesAt(db: DB, rowids: Float64Array, start: number, count: number): FrameRow[] {
  return statements(db).rowsAt.all(JSON.stringify(Array.from(rowids.subarray(start, start + count))));
}
