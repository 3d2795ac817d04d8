/**
 * Which frames an export writes, and where. A first pass reads what each
 * frame's fate depends on (film, frame, shot, class: a few numbers a frame)
 * and decides it in JS: the per-shot cap, near-duplicates (lib/export/near-duplicates.ts),
 * the split of each group (lib/export/groups.ts) and the majority drop, each
 * ordered by a seeded hash. The rows themselves, with every metadata column,
 * are then streamed from SQL (better-sqlite3 `.iterate()`) in film and frame
 * order, so full rows are never all held at once.
 *
 * Frames without a JPEG (has_image = 0) are left out and counted.
 */
import type { DB } from '@/lib/db/connection';
import { FRAME_COLUMN_NAMES, FRAME_SELECT_LIST, quoted, type FrameRow } from '@/lib/db/columns';
import { QueryError } from '@/lib/errors';
import { buildWhere, describeWhere, onlyFilters, type WhereClause } from '@/lib/query/filters';
import { matchesSql, selectionLookup } from '@/lib/query/selection-filter';
import { cachedStatement } from '@/lib/query/statements';
import { exportPath, imageFileName, labelFolder } from './layout';
import type { ExportOptions, SplitName } from './options';
import { DEFAULT_DUPE_DISTANCE } from '@/lib/dupes/match';
import { assignGroups, capPerShot, groupKey } from './groups';
import { exportDupeGroups, hashIndices, pairsAcrossSplits } from './near-duplicates';
import { assignFilms, dropCount, largestRemainder, majority, seededHash, splitOfRank } from './split';

export interface PlannedFrame {
  /** Path inside the export, forward slashes: `train/positive/the_hustle_2019_frame_20.jpg`. */
  path: string;
  film: string;
  frame: number;
  split: SplitName | null;
  /** The class folder (positive, negative, a column's value), null in the flat layout. */
  label: string | null;
  /** The split group (groupKey of the export's splitBy): every frame of a group is in one split. */
  group: string;
  /** `<film>:<frame>` of the frame's near-duplicate group's representative; null when the frame has no hash. */
  dupeGroup: string | null;
  row: FrameRow;
}

/** Key for "no split" and "no label" in the counts. */
export const ALL = 'all';

export interface PlanCounts {
  /** Image files the export writes. */
  files: number;
  /** Files per split (or `all`) and per class folder (or `all`). */
  bySplit: Record<string, Record<string, number>>;
  /** Split groups per split and class (a group with frames of two classes counts in both). */
  groups: Record<string, Record<string, number>>;
  /** Rows of the majority class dropped from train. */
  dropped: number;
  /** Frames each option left out: the per-shot cap, near-duplicates, the majority drop, blank frames kept out of the negatives. */
  droppedBy: { perShot: number; dedupe: number; dropMajority: number; blankNegatives: number };
  /** Matching frames left out because they have no JPEG. */
  withoutImage: number;
  /** positive-negative: frames both positive and in the negative set, exported as positive. */
  inBothSets: number;
}

export interface ExportPlan {
  options: ExportOptions;
  /** The members: the query's filters and the selection, as SQL. */
  where: WhereClause;
  /** The members in English ("where ... and in selection ..."). */
  description: string;
  counts: PlanCounts;
  drop: { label: string; count: number } | null;
  leakage: Leakage;
  /** Streams the planned frames in film and frame order; each call runs the query anew (same snapshot inside a transaction). */
  rows(): Generator<PlannedFrame>;
  /** The planned frames without their rows, in film and frame order: what a dry run needs, already in memory. */
  frames: ReadonlyArray<{ film: string; frame: number; split: SplitName | null; label: string | null }>;
}

/** What could leak between splits, whatever splitBy was. */
export interface Leakage {
  /** Split groups with frames in two splits: 0 by construction, counted from the plan itself. */
  groupsInTwoSplits: number;
  /** Camera shots (film + shot_id) with frames in two splits: what a split by frame or by cluster leaks. */
  shotsInTwoSplits: number;
  /** Pairs of exported frames within `dupeDistance` bits of each other (lib/dupes/) in different splits. */
  nearDuplicatePairsAcrossSplits: number;
  dupeDistance: number;
}

interface ScopeRow extends FrameRow {
  label_value: string | number | null;
}

interface Item {
  film: string;
  frame: number;
  shot_id: number | null;
  shot_cluster: number | null;
  label_value: string | number | null;
  label: string;
  h: number;
  /** The split group (groupKey of the export's splitBy). */
  group: string;
  split: SplitName | null;
  alive: boolean;
}

/** The filters of `query` (the API's syntax, selections allowed) as SQL; a QueryError is reported on `param`. */
function filtersWhere(db: DB, query: string, extra: Array<[string, string]>, param: string): WhereClause {
  const params = onlyFilters(new URLSearchParams(query.startsWith('?') ? query.slice(1) : query));
  for (const [name, value] of extra) params.append(name, value);
  try {
    return buildWhere(params, selectionLookup(db));
  } catch (error) {
    if (error instanceof QueryError) throw new QueryError(param, error.message);
    throw error;
  }
}

/** The members: the export's filters, and the selection's members when one is named. */
function membersWhere(db: DB, options: ExportOptions): WhereClause {
  if (options.selection !== null && !selectionLookup(db).selection(options.selection)) throw new QueryError('selection', `no selection has id ${options.selection}`);
  return filtersWhere(db, options.query, options.selection === null ? [] : [['_in_selection', String(options.selection)]], 'query');
}

interface Sql {
  sql: string;
  params: unknown[];
}

/** The frames positive-negative takes its negatives from (before the positives and, if asked, blank frames are taken out). */
function negativeSet(db: DB, options: ExportOptions, members: Sql): Sql {
  const { negatives } = options;
  let set: Sql;
  if (negatives.kind === 'same-films') {
    set = { sql: `"film" IN (SELECT "film" FROM frames WHERE ${members.sql})`, params: members.params };
  } else if (negatives.kind === 'selection') {
    if (!selectionLookup(db).selection(negatives.selection)) throw new QueryError('negativeSelection', `no selection has id ${negatives.selection}`);
    const where = filtersWhere(db, '', [['_in_selection', String(negatives.selection)]], 'negativeSelection');
    set = { sql: where.sql || '1', params: where.params };
  } else {
    const where = filtersWhere(db, negatives.query, [], 'negativeQuery');
    set = { sql: where.sql || '1', params: where.params };
  }
  return set;
}

/**
 * The frames an export looks at (`cond`) and each one's class (`label`):
 * positive-negative looks at the members and the negative set (by default
 * every frame of the films that have a member, as the seed notebook does),
 * and a frame's class is whether it is a member. `negatives` is that set.
 */
function scope(db: DB, options: ExportOptions, where: WhereClause): { cond: Sql; label: Sql; negatives: Sql | null } {
  const members = { sql: where.sql || '1', params: where.params };
  if (options.layout.kind === 'positive-negative') {
    const negatives = negativeSet(db, options, members);
    const kept = options.blankNegatives ? negatives.sql : `(${negatives.sql}) AND "blank" IS NULL`;
    return {
      cond: { sql: `(${members.sql}) OR (${kept})`, params: [...members.params, ...negatives.params] },
      label: { sql: `CASE WHEN ${matchesSql(where)} THEN 'positive' ELSE 'negative' END`, params: where.params },
      negatives,
    };
  }
  return {
    cond: members,
    label: { sql: options.layout.kind === 'by' ? quoted(options.layout.column) : 'NULL', params: [] },
    negatives: null,
  };
}

const keyOf = (value: string | number | null): string => JSON.stringify(value);

function add(counts: PlanCounts['bySplit'], split: string, label: string, n: number): void {
  counts[split] ??= {};
  counts[split][label] = (counts[split][label] ?? 0) + n;
}

export function planExport(db: DB, options: ExportOptions): ExportPlan {
  const where = membersWhere(db, options);
  const { cond, label, negatives } = scope(db, options, where);
  const scopeSql = `SELECT ${FRAME_SELECT_LIST}, ${label.sql} AS label_value FROM frames WHERE "has_image" = 1 AND (${cond.sql})`;
  const scopeParams = [...label.params, ...cond.params];
  const members = matchesSql(where);
  const blankNegatives =
    negatives === null || options.blankNegatives
      ? 0
      : (
          cachedStatement(db, `SELECT count(*) AS n FROM frames WHERE "has_image" = 1 AND NOT ${members} AND "blank" IS NOT NULL AND (${negatives.sql})`).get(
            ...where.params,
            ...negatives.params,
          ) as { n: number }
        ).n;
  // A few distinct values over many frames: each value's folder name is worked out once.
  const folders = new Map<string | number | null, string>();
  const folderOf = (value: string | number | null): string | null => {
    if (options.layout.kind === 'flat') return null;
    let folder = folders.get(value);
    if (folder === undefined) folders.set(value, (folder = labelFolder(value)));
    return folder;
  };
  const split = options.split;

  // One pass reads every frame of the export (raw rows, one object shape), those without a JPEG
  // counted, and whether a positive is also in the negative set (it stays positive, counted).
  // Under the seed's rule a positive's film is where negatives come from: only a chosen set can hold positives too.
  const both = negatives === null || options.negatives.kind === 'same-films' ? { sql: '0', params: [] } : { sql: `${members} AND (${negatives.sql})`, params: [...where.params, ...negatives.params] };
  const labelKeys = new Map<string | number | null, string>();
  const rawItems = cachedStatement(
    db,
    `SELECT "film", "frame", "shot_id", "shot_cluster", ${label.sql} AS label_value, "has_image", ${both.sql} FROM frames WHERE ${cond.sql} ORDER BY "film", "frame"`,
  )
    .raw(true)
    .all(...label.params, ...both.params, ...cond.params) as Array<[string, number, number | null, number | null, string | number | null, number, number]>;
  let withoutImage = 0;
  let inBothSets = 0;
  const items: Item[] = [];
  for (const [film, frame, shot_id, shot_cluster, label_value, hasImage, inBoth] of rawItems) {
    if (hasImage !== 1) {
      withoutImage++;
      continue;
    }
    if (inBoth) inBothSets++;
    let label = labelKeys.get(label_value);
    if (label === undefined) labelKeys.set(label_value, (label = keyOf(label_value)));
    const item: Item = { film, frame, shot_id, shot_cluster, label_value, label, h: seededHash(`${options.seed}:frame:${film}:${frame}`), group: '', split: null, alive: true };
    item.group = groupKey(options.splitBy, item);
    items.push(item);
  }
  const byHash = (a: Item, b: Item) => a.h - b.h || (a.film < b.film ? -1 : a.film > b.film ? 1 : a.frame - b.frame);

  let perShotDropped = 0;
  if (options.perShot !== null) {
    const kept = capPerShot(items, options.perShot);
    items.forEach((item, i) => {
      if (!kept.has(i)) {
        item.alive = false;
        perShotDropped++;
      }
    });
  }

  // Near-duplicate groups among the frames left, at the dedupe distance (or the default one, for the manifest and the leakage).
  const dupeDistance = options.dedupe ?? DEFAULT_DUPE_DISTANCE;
  const candidates = items.filter((item) => item.alive);
  const indices = hashIndices(db, candidates);
  const dupes = exportDupeGroups(db, candidates, indices, dupeDistance);
  const dupeGroupOf = new Map<Item, string | null>(candidates.map((item, k) => [item, dupes.groupOf[k]]));
  let dedupeDropped = 0;
  if (options.dedupe !== null) {
    candidates.forEach((item, k) => {
      if (!dupes.representative[k]) {
        item.alive = false;
        dedupeDropped++;
      }
    });
  }

  const alive = items.filter((item) => item.alive);
  const groupOf = (item: Item) => item.group;
  if (split !== null) {
    if (options.splitBy === 'frame') {
      // Within each class, frames in hash order take the splits' exact shares in turn.
      const byClass = new Map<string, Item[]>();
      for (const item of alive) {
        const list = byClass.get(item.label);
        if (list) list.push(item);
        else byClass.set(item.label, [item]);
      }
      for (const list of byClass.values()) {
        const shares = largestRemainder(list.length, split.map((s) => s.fraction));
        list.sort(byHash).forEach((item, rank) => (item.split = splitOfRank(rank + 1, split, shares)));
      }
    } else {
      const assigned =
        options.splitBy === 'film'
          ? assignFilms([...new Set(alive.map((item) => item.film))], split, options.seed)
          : assignGroups(alive.map((item) => ({ group: groupOf(item), label: item.label })), split, options.seed);
      for (const item of alive) item.split = assigned.get(groupOf(item)) as SplitName;
    }
  }

  let drop: { key: string; count: number } | null = null;
  if (options.dropMajority !== null) {
    const inTrain = alive.filter((item) => item.split === null || item.split === 'train');
    const trainCounts = new Map<string, number>();
    for (const item of inTrain) trainCounts.set(item.label, (trainCounts.get(item.label) ?? 0) + 1);
    const key = majority(trainCounts);
    if (key !== null) {
      drop = { key, count: dropCount(trainCounts.get(key) ?? 0, options.dropMajority) };
      // The majority's train frames last in hash order are the ones dropped.
      const ranked = inTrain.filter((item) => item.label === key).sort(byHash);
      for (const item of ranked.slice(ranked.length - drop.count)) item.alive = false;
    }
  }

  const kept = alive.filter((item) => item.alive);
  const bySplit: PlanCounts['bySplit'] = {};
  const groupSets: Record<string, Record<string, Set<string>>> = {};
  /** How many keys have frames in two splits. */
  const splitsOf = (keyOf: (item: Item) => string) => {
    const first = new Map<string, string>();
    const leaking = new Set<string>();
    for (const item of kept) {
      const key = keyOf(item);
      const split = item.split ?? ALL;
      const seen = first.get(key);
      if (seen === undefined) first.set(key, split);
      else if (seen !== split) leaking.add(key);
    }
    return leaking.size;
  };
  for (const item of kept) {
    const name = item.split ?? ALL;
    const folder = folderOf(item.label_value) ?? ALL;
    add(bySplit, name, folder, 1);
    groupSets[name] ??= {};
    (groupSets[name][folder] ??= new Set()).add(groupOf(item));
  }
  const groups = Object.fromEntries(Object.entries(groupSets).map(([name, labels]) => [name, Object.fromEntries(Object.entries(labels).map(([l, set]) => [l, set.size]))]));
  const keptIndices = new Set(kept);
  const leakage: Leakage = {
    // Without a split everything is in one: nothing to count.
    groupsInTwoSplits: split === null ? 0 : splitsOf(groupOf),
    shotsInTwoSplits: split === null ? 0 : splitsOf((item) => groupKey('shot', item)),
    nearDuplicatePairsAcrossSplits:
      split === null ? 0 : pairsAcrossSplits(db, indices, candidates.map((item) => (keptIndices.has(item) ? item.split : null)), dupeDistance),
    dupeDistance,
  };

  // Made on the first pass over the rows: a dry run never reads them.
  let fate: Map<string, Item> | null = null;
  const format = options.image.format;
  const rowsSql = `${scopeSql} ORDER BY "film", "frame"`;
  function* rows(): Generator<PlannedFrame> {
    // A statement of its own per pass: a pass abandoned midway (cancel) must not leave a shared statement busy.
    const statement = db.prepare<unknown[], ScopeRow>(rowsSql);
    fate ??= new Map<string, Item>(kept.map((item) => [`${item.frame}:${item.film}`, item]));
    for (const row of statement.iterate(...scopeParams)) {
      const item = fate.get(`${row.frame}:${row.film}`);
      if (!item) continue;
      const folder = folderOf(row.label_value);
      const frame = Object.fromEntries(FRAME_COLUMN_NAMES.map((column) => [column, row[column]]));
      yield {
        path: exportPath(item.split, folder, imageFileName(row.film, row.frame, format)),
        film: row.film,
        frame: row.frame,
        split: item.split,
        label: folder,
        group: groupOf(item),
        dupeGroup: dupeGroupOf.get(item) ?? null,
        row: frame as FrameRow,
      };
    }
  }

  const majorityDropped = drop?.count ?? 0;
  return {
    options,
    where,
    description: describeWhere(where.descriptions),
    counts: {
      files: kept.length,
      bySplit,
      groups,
      dropped: majorityDropped,
      droppedBy: { perShot: perShotDropped, dedupe: dedupeDropped, dropMajority: majorityDropped, blankNegatives },
      withoutImage,
      inBothSets,
    },
    drop: drop && { label: folderOf(JSON.parse(drop.key) as string | number | null) ?? ALL, count: drop.count },
    leakage,
    rows,
    frames: kept.map((item) => ({ film: item.film, frame: item.frame, split: item.split, label: folderOf(item.label_value) })),
  };
}
