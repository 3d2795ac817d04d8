/**
 * The answers of the last few scans in JS (face and palette searches), kept
 * while what they scanned is unchanged: one sidebar click sends the grid's
 * request and a facet request per group, each with the same search, and the
 * scan is the most expensive part of any of them.
 */
import type { DB } from '@/lib/db/connection';

const KEPT = 8;

export interface RecentSearches<T> {
  /** The kept answer for `key` while `version` is the one it was made at, else `search()`'s, kept. */
  get(db: DB, key: string, version: number, search: () => T): T;
}

export function recentSearches<T>(): RecentSearches<T> {
  const kept = new WeakMap<DB, Map<string, { version: number; found: T }>>();
  return {
    get(db, key, version, search) {
      let answers = kept.get(db);
      if (!answers) kept.set(db, (answers = new Map()));
      const hit = answers.get(key);
      answers.delete(key); // re-inserted: Map order is the recency order
      const found = hit && hit.version === version ? hit.found : search();
      answers.set(key, { version, found });
      if (answers.size > KEPT) answers.delete(answers.keys().next().value as string);
      return found;
    },
  };
}
