/**
 * The filter registry: every URL filter, column operators and reserved
 * filters alike, is one entry of one shape (./filter-entry.ts) whose
 * conditions carry their SQL, their columnar test and their English
 * (./condition.ts). buildWhere, the list of reserved parameters, the docs
 * test and the property test comparing the two query paths all loop over
 * FILTERS, so a filter cannot exist on one path and not the other.
 * Parsing does no I/O of its own; the palette, face and selection filters
 * read the database through the context they are given.
 */
import { CHARACTER_PARAM, characterFilter } from './character-filter';
import { colourFilter } from './colour-filter';
import { dupesFilter } from './dupes-filter';
import { columnCondition, filmCondition } from './column-filter';
import { whereClauseOf, type Condition, type WhereClause } from './condition';
import { QueryError } from '@/lib/errors';
import { faceFilter } from './face-filter';
import type { FilterEntry, ParseContext, SelectionRef, WhereContext } from './filter-entry';
import { DISPLAY_PARAMS } from './page';
import { paletteFilter } from './palette-filter';
import { searchFilter } from './search-filter';
import { MARK_PARAM, selectionFilter } from './selection-filter';

export { describeWhere, type Condition, type WhereClause } from './condition';
export { OPERATORS, type Operator, type OperatorKey } from './column-filter';

/** `film=`, repeatable: any of the films, at the place of the first one. */
const filmFilter: FilterEntry = {
  params: ['film'],
  placement: 'first',
  parse: (params) => [filmCondition(params.getAll('film'))],
};

/** Every other plain parameter: `column__operator=value`. */
const columnFilter: FilterEntry = {
  params: [],
  placement: 'each',
  parseOne: (param, raw) => columnCondition(param, raw),
};

/** In the order their 'after' conditions join the WHERE (and the sentence). */
export const FILTERS: readonly FilterEntry[] = [
  columnFilter,
  filmFilter,
  selectionFilter,
  colourFilter,
  characterFilter,
  searchFilter,
  paletteFilter,
  faceFilter,
  dupesFilter,
];

/** Reserved parameters that shape the answer (order, page, counts, marks) rather than choose frames. */
const NOT_FILTERS = new Set<string>([...DISPLAY_PARAMS, MARK_PARAM]);

export const RESERVED_PARAMS: readonly string[] = [
  ...DISPLAY_PARAMS,
  MARK_PARAM,
  ...FILTERS.flatMap((entry) => entry.params.filter((param) => param.startsWith('_'))),
];

const OWNER = new Map<string, FilterEntry>(FILTERS.flatMap((entry) => entry.params.map((param) => [param, entry] as const)));

function ownerOf(param: string): FilterEntry | null {
  const owner = OWNER.get(param);
  if (owner) return owner;
  if (NOT_FILTERS.has(param)) return null;
  if (param.startsWith('_')) throw new QueryError(param, `unknown parameter; the reserved parameters are ${RESERVED_PARAMS.join(', ')}`);
  return columnFilter;
}

/**
 * The conditions of every filter parameter: per-occurrence ones in the URL's
 * order, then the reserved filters in registry order. Display parameters are
 * left to the caller; any other `_` name, unknown column or operator, or
 * badly typed value is a QueryError naming the parameter. Selection filters
 * need `context` to read the selection; its own query is parsed here
 * without one, so selections never nest.
 */
export function buildWhere(params: URLSearchParams, context?: WhereContext): WhereClause {
  const parseContext: ParseContext = { where: context, nested: selectionWhere };
  const conditions: Condition[] = [];
  const placed = new Set<FilterEntry>();
  for (const [param, raw] of params) {
    const entry = ownerOf(param);
    if (!entry) continue;
    if (entry.placement === 'each') conditions.push(entry.parseOne(param, raw, parseContext));
    else if (entry.placement === 'first' && !placed.has(entry)) {
      placed.add(entry);
      conditions.push(...entry.parse(params, parseContext));
    }
  }
  for (const entry of FILTERS) if (entry.placement === 'after') conditions.push(...entry.parse(params, parseContext));
  return whereClauseOf(conditions);
}

/**
 * A saved selection's own query as WHERE conditions, parsed without a
 * context so that it cannot refer to selections. It was checked when saved;
 * failing here means the filters changed since, reported on `param`.
 */
export function selectionWhere(param: string, selection: Pick<SelectionRef, 'name' | 'query'>): WhereClause {
  try {
    return buildWhere(new URLSearchParams(selection.query));
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    throw new QueryError(param, `selection ${JSON.stringify(selection.name)} has a query that no longer parses: ${error.message}`);
  }
}

/**
 * The filter parameters of a query string, in their order: everything but
 * sort, paging, facets, histograms and marks (so a reserved filter such as
 * `_color` is kept, and an unknown `_` name too, to be refused when parsed).
 * What a saved selection or an export keeps of the URL the user was looking at.
 */
export function onlyFilters(params: URLSearchParams): URLSearchParams {
  return new URLSearchParams([...params].filter(([param]) => !NOT_FILTERS.has(param)));
}

export { CHARACTER_PARAM };
