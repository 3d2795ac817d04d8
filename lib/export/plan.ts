/**
 * Which frames an export writes, and where: computed in SQL and streamed row
 * by row (better-sqlite3 `.iterate()`), so 100,000 frames are never held at
 * once. Small aggregate queries first (rows per class, per film) give the
 * split shares and the drop counts; the row query then ranks each class by a
 * seeded hash with a window function, and each row's split and fate follow
 * from its rank alone.
 *
 * Frames without a JPEG (has_image = 0) are left out and counted.
 */
import type { DB } from '@/lib/db/connection';
import { FRAME_COLUMN_NAMES, FRAME_SELECT_LIST, quoted, type FrameRow } from '@/lib/query/columns';
import { QueryError } from '@/lib/query/errors';
import { buildWhere, describeWhere, onlyFilters, type WhereClause } from '@/lib/query/filters';
import { matchesSql, selectionLookup } from '@/lib/query/selection-filter';
import { cachedStatement } from '@/lib/query/statements';
import { exportPath, imageFileName, labelFolder } from './layout';
import type { ExportOptions, Layout, SplitName } from './options';
import { assignFilms, dropCount, largestRemainder, majority, seededHash, splitOfRank } from './split';

export interface PlannedFrame {
  /** Path inside the export, forward slashes: `train/positive/the_hustle_2019_frame_20.jpg`. */
  path: string;
  film: string;
  frame: number;
  split: SplitName | null;
  /** The class folder (positive, negative, a column's value), null in the flat layout. */
  label: string | null;
  row: FrameRow;
}

/** Key for "no split" and "no label" in the counts. */
export const ALL = 'all';

export interface PlanCounts {
  /** Image files the export writes. */
  files: number;
  /** Files per split (or `all`) and per class folder (or `all`). */
  bySplit: Record<string, Record<string, number>>;
  /** Rows of the majority class dropped from train. */
  dropped: number;
  /** Matching frames left out because they have no JPEG. */
  withoutImage: number;
}

export interface ExportPlan {
  options: ExportOptions;
  /** The members: the query's filters and the selection, as SQL. */
  where: WhereClause;
  /** The members in English ("where ... and in selection ..."). */
  description: string;
  counts: PlanCounts;
  drop: { label: string; count: number } | null;
  /** Streams the planned frames in film and frame order; each call runs the query anew (same snapshot inside a transaction). */
  rows(): Generator<PlannedFrame>;
}

interface ScopeRow extends FrameRow {
  label_value: string | number | null;
  rank: number;
  split: SplitName | null;
}

const HASH_FUNCTION = 'stillroom_hash';
const registered = new WeakSet<DB>();

function registerHash(db: DB): void {
  if (registered.has(db)) return;
  db.function(HASH_FUNCTION, { deterministic: true }, (text: unknown) => seededHash(String(text)));
  registered.add(db);
}

/** The members: the export's filters, and the selection's members when one is named. */
function membersWhere(db: DB, options: ExportOptions): WhereClause {
  const context = selectionLookup(db);
  const params = onlyFilters(new URLSearchParams(options.query.startsWith('?') ? options.query.slice(1) : options.query));
  if (options.selection !== null) {
    if (!context.selection(options.selection)) throw new QueryError('selection', `no selection has id ${options.selection}`);
    params.append('_in_selection', String(options.selection));
  }
  try {
    return buildWhere(params, context);
  } catch (error) {
    if (error instanceof QueryError) throw new QueryError('query', error.message);
    throw error;
  }
}

interface Sql {
  sql: string;
  params: unknown[];
}

/**
 * The frames an export looks at (`cond`) and each one's class (`label`):
 * positive-negative looks at every frame of the films that have a member,
 * as the seed notebook does, and a frame's class is whether it is a member.
 */
function scope(layout: Layout, where: WhereClause): { cond: Sql; label: Sql } {
  const members = where.sql || '1';
  if (layout.kind === 'positive-negative') {
    return {
      cond: { sql: `"film" IN (SELECT "film" FROM frames WHERE ${members})`, params: where.params },
      label: { sql: `CASE WHEN ${matchesSql(where)} THEN 'positive' ELSE 'negative' END`, params: where.params },
    };
  }
  return {
    cond: { sql: members, params: where.params },
    label: { sql: layout.kind === 'by' ? quoted(layout.column) : 'NULL', params: [] },
  };
}

const keyOf = (value: string | number | null): string => JSON.stringify(value);

function add(counts: PlanCounts['bySplit'], split: string, label: string, n: number): void {
  counts[split] ??= {};
  counts[split][label] = (counts[split][label] ?? 0) + n;
}

export function planExport(db: DB, options: ExportOptions): ExportPlan {
  registerHash(db);
  const where = membersWhere(db, options);
  const { cond, label } = scope(options.layout, where);
  const scopeSql = `SELECT ${FRAME_SELECT_LIST}, ${label.sql} AS label_value FROM frames WHERE "has_image" = 1 AND (${cond.sql})`;
  const scopeParams = [...label.params, ...cond.params];
  const withoutImage = (
    cachedStatement(db, `SELECT count(*) AS n FROM frames WHERE "has_image" = 0 AND (${cond.sql})`).get(...cond.params) as { n: number }
  ).n;
  const folderOf = (value: string | number | null) => (options.layout.kind === 'flat' ? null : labelFolder(value));

  const split = options.split;
  const byFilm = split !== null && options.splitBy === 'film';
  // Rows per class in train (or in everything, without a split): what the majority and the drop are counted on.
  const trainCounts = new Map<string, number>();
  const bySplit: PlanCounts['bySplit'] = {};
  const labelValues = new Map<string, string | number | null>();
  /** Per class: its shares of the splits, for split by frame. */
  const shares = new Map<string, number[]>();
  let filmSplits: Map<string, SplitName> | null = null;

  if (byFilm) {
    const rows = cachedStatement(db, `SELECT "film", label_value, count(*) AS n FROM (${scopeSql}) GROUP BY "film", label_value`).all(...scopeParams) as Array<{
      film: string;
      label_value: string | number | null;
      n: number;
    }>;
    filmSplits = assignFilms([...new Set(rows.map((r) => r.film))], split, options.seed);
    for (const row of rows) {
      const name = filmSplits.get(row.film) as SplitName;
      labelValues.set(keyOf(row.label_value), row.label_value);
      if (name === 'train') trainCounts.set(keyOf(row.label_value), (trainCounts.get(keyOf(row.label_value)) ?? 0) + row.n);
      add(bySplit, name, folderOf(row.label_value) ?? ALL, row.n);
    }
  } else {
    const rows = cachedStatement(db, `SELECT label_value, count(*) AS n FROM (${scopeSql}) GROUP BY label_value`).all(...scopeParams) as Array<{
      label_value: string | number | null;
      n: number;
    }>;
    for (const row of rows) {
      const key = keyOf(row.label_value);
      labelValues.set(key, row.label_value);
      const counts = split ? largestRemainder(row.n, split.map((s) => s.fraction)) : [row.n];
      shares.set(key, counts);
      trainCounts.set(key, counts[0]);
      (split ?? [{ name: ALL }]).forEach((s, i) => add(bySplit, s.name, folderOf(row.label_value) ?? ALL, counts[i]));
    }
  }

  let drop: { key: string; count: number; within: number } | null = null;
  if (options.dropMajority !== null) {
    const key = majority(trainCounts);
    if (key !== null) {
      const within = trainCounts.get(key) ?? 0;
      drop = { key, count: dropCount(within, options.dropMajority), within };
      const folder = folderOf(labelValues.get(key) ?? null) ?? ALL;
      add(bySplit, split ? 'train' : ALL, folder, -drop.count);
    }
  }
  const files = Object.values(bySplit).reduce((sum, labels) => sum + Object.values(labels).reduce((a, b) => a + b, 0), 0);

  const hashed = `SELECT *, ${HASH_FUNCTION}(? || "film" || ':' || "frame") AS h FROM (${scopeSql})`;
  const hashParams = [`${options.seed}:frame:`, ...scopeParams];
  const rowsQuery: Sql = byFilm
    ? {
        sql:
          `SELECT s.*, fs.value AS split, row_number() OVER (PARTITION BY fs.value, s.label_value ORDER BY s.h, s.film, s.frame) AS rank ` +
          `FROM (${hashed}) AS s JOIN json_each(?) AS fs ON fs.key = s.film ORDER BY s.film, s.frame`,
        params: [...hashParams, JSON.stringify(Object.fromEntries(filmSplits ?? []))],
      }
    : {
        sql: `SELECT *, NULL AS split, row_number() OVER (PARTITION BY label_value ORDER BY h, "film", "frame") AS rank FROM (${hashed}) ORDER BY "film", "frame"`,
        params: hashParams,
      };

  const format = options.image.format;
  function* rows(): Generator<PlannedFrame> {
    // A statement of its own per pass: a pass abandoned midway (cancel) must not leave a shared statement busy.
    const statement = db.prepare<unknown[], ScopeRow>(rowsQuery.sql);
    for (const row of statement.iterate(...rowsQuery.params)) {
      const key = keyOf(row.label_value);
      const name = byFilm ? row.split : split ? splitOfRank(row.rank, split, shares.get(key) ?? []) : null;
      const inTrain = name === null || name === 'train';
      // Train rows of the majority are ranked 1..within by hash: the last `count` of them are dropped.
      if (drop && inTrain && key === drop.key && row.rank > drop.within - drop.count) continue;
      const folder = folderOf(row.label_value);
      const frame = Object.fromEntries(FRAME_COLUMN_NAMES.map((column) => [column, row[column]]));
      yield {
        path: exportPath(name, folder, imageFileName(row.film, row.frame, format)),
        film: row.film,
        frame: row.frame,
        split: name,
        label: folder,
        row: frame as FrameRow,
      };
    }
  }

  return {
    options,
    where,
    description: describeWhere(where.descriptions),
    counts: { files, bySplit, dropped: drop?.count ?? 0, withoutImage },
    drop: drop && { label: folderOf(labelValues.get(drop.key) ?? null) ?? ALL, count: drop.count },
    rows,
  };
}
