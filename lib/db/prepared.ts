/**
 * better-sqlite3's advice is to prepare each statement once and reuse it.
 * Query modules declare their statements in one function; this runs it once
 * per database handle and hands back the same prepared set afterwards.
 */
import type { DB } from './connection';

export function preparedFor<T>(prepare: (db: DB) => T): (db: DB) => T {
  const cache = new WeakMap<DB, T>();
  return (db) => {
    let prepared = cache.get(db);
    if (!prepared) {
      prepared = prepare(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}
