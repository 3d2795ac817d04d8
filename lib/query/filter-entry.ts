/**
 * The one shape of every filter in the registry (./filters.ts): the
 * parameters it reads and how it turns them into conditions (each with its
 * SQL, its columnar test and its English, see ./condition.ts).
 */
import type { DB } from '@/lib/db/connection';
import type { Condition, WhereClause } from './condition';

/** What a filter needs to know about a saved selection: its name for the sentence, its query for the conditions. */
export interface SelectionRef {
  id: number;
  name: string;
  query: string;
}

/**
 * Given to buildWhere by callers that hold a database; without it the
 * filters that read the database (selections, palettes, faces) are refused.
 */
export interface WhereContext {
  readonly db: DB;
  selection(id: number): SelectionRef | undefined;
}

export interface ParseContext {
  /** Undefined inside a saved selection's own query, which cannot refer to the database's other state. */
  where: WhereContext | undefined;
  /** A saved selection's query parsed by the same registry, without a context (selections never nest). */
  nested(param: string, selection: SelectionRef): WhereClause;
}

export type FilterEntry =
  | {
      params: readonly string[];
      /** One condition per occurrence, at its place in the URL. */
      placement: 'each';
      parseOne(param: string, raw: string, context: ParseContext): Condition;
    }
  | {
      params: readonly string[];
      /**
       * Read once from all its parameters: 'first' at the place of the first
       * of them in the URL (repeated `film=`), 'after' after the URL's own
       * conditions, in registry order.
       */
      placement: 'first' | 'after';
      parse(params: URLSearchParams, context: ParseContext): Condition[];
    };
