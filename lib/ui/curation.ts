/**
 * Curation in the browser, as data: how a frame stands in the current
 * selection (the API's `_mark`), what a click does to it, the sidebar's
 * "in selection / not in selection" filter, and the queries the grid and
 * "include all results" send. The API's selection parameters are filters
 * like any other, so they stay in the page URL; `_mark` is added per request.
 */
import { replaceKeys } from './filter-params';
import { queryString } from './url-state';

/** The API's `_mark` answer: manually included, manually excluded, a member by its query alone, or not a member. */
export type Mark = 'included' | 'excluded' | 'matched' | null;
export type CurationAction = 'include' | 'exclude';

export const IN_SELECTION = '_in_selection';
export const NOT_IN_SELECTION = '_not_in_selection';
export const SELECTION_FILTER_KEYS = [IN_SELECTION, NOT_IN_SELECTION] as const;
const NOT_FILTERS = new Set(['_sort', '_sort_desc', '_mark']);

export function isMember(mark: Mark | undefined): boolean {
  return mark === 'included' || mark === 'matched';
}

/** A click or Space: a member is excluded, anything else included. */
export function toggleAction(mark: Mark | undefined): CurationAction {
  return isMember(mark) ? 'exclude' : 'include';
}

/** The mark an action leaves, shown at once while the API confirms it. */
export function markAfter(action: CurationAction): Mark {
  return action === 'include' ? 'included' : 'excluded';
}

export function describeMark(mark: Mark | undefined): string {
  switch (mark) {
    case 'included':
      return 'included by hand';
    case 'excluded':
      return 'excluded by hand';
    case 'matched':
      return 'in the selection (its query matches)';
    default:
      return 'not in the selection';
  }
}

/** The result indices from `a` to `b`, both included, in result order. */
export function rangeBetween(a: number, b: number): { start: number; end: number } {
  return { start: Math.min(a, b), end: Math.max(a, b) + 1 };
}

/** The API query of the results with each frame's standing in `selection`. */
export function markedQuery(query: string, selection: number | null): string {
  if (selection === null) return query;
  return `${query}${query ? '&' : ''}_mark=${selection}`;
}

export type SelectionFilter = 'all' | 'in' | 'out';

/** How the URL filters on selection `id`: members only, non-members only, or not at all. */
export function selectionFilterOf(api: URLSearchParams, id: number): SelectionFilter {
  const value = String(id);
  if (api.getAll(IN_SELECTION).includes(value)) return 'in';
  if (api.getAll(NOT_IN_SELECTION).includes(value)) return 'out';
  return 'all';
}

/** The URL with its filter on selection `id` set to `filter`; filters on other selections stay. */
export function withSelectionFilter(api: URLSearchParams, id: number, filter: SelectionFilter): URLSearchParams {
  const value = String(id);
  const out = new URLSearchParams([...api].filter(([name, v]) => !((name === IN_SELECTION || name === NOT_IN_SELECTION) && v === value)));
  if (filter === 'in') out.append(IN_SELECTION, value);
  if (filter === 'out') out.append(NOT_IN_SELECTION, value);
  return out;
}

/** Filters on selections other than `id` (from a pasted link, or a selection switched away from). */
export function otherSelectionFilters(api: URLSearchParams, id: number | null): Array<[string, string]> {
  return [...api].filter(([name, v]) => (name === IN_SELECTION || name === NOT_IN_SELECTION) && v !== String(id));
}

/** Moves the URL's filter on selection `from` to selection `to` (switching selections keeps "in selection" on). */
export function moveSelectionFilter(api: URLSearchParams, from: number | null, to: number | null): URLSearchParams {
  if (from === null) return api;
  const filter = selectionFilterOf(api, from);
  const out = withSelectionFilter(api, from, 'all');
  return to === null || filter === 'all' ? out : withSelectionFilter(out, to, filter);
}

/** The filters of the results, for "include / exclude all results": sort and marks are not conditions. */
export function resultsFilterQuery(api: URLSearchParams): string {
  return queryString(new URLSearchParams([...api].filter(([name]) => !NOT_FILTERS.has(name))));
}

/**
 * The query a new selection saves from the current filters: selections never
 * nest, so conditions on other selections are left out.
 */
export function newSelectionQuery(api: URLSearchParams): string {
  return resultsFilterQuery(replaceKeys(api, SELECTION_FILTER_KEYS, []));
}

/** Whether the page's filters are other than a selection's saved query (order aside): "use the current filters" would change it. */
export function filtersDiffer(api: URLSearchParams, selectionQuery: string): boolean {
  const sorted = (query: string) => [...new URLSearchParams(query)].map(([n, v]) => `${n}=${v}`).sort().join('&');
  return sorted(newSelectionQuery(api)) !== sorted(selectionQuery);
}

/** A name for a new selection that is not taken: `base`, `base 2`, `base 3` ... */
export function freeName(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** Whether an API query uses selection `id` (as a filter or for marks): its results change when the selection does. */
export function queryInvolves(query: string, id: number): boolean {
  const value = String(id);
  return [...new URLSearchParams(query)].some(([name, v]) => v === value && (name === '_mark' || name === IN_SELECTION || name === NOT_IN_SELECTION));
}

/** The API's "include 3 frames" as "Included 3 frames", for the status line after an action. */
export function pastTense(description: string): string {
  const past: Record<string, string> = { include: 'Included', exclude: 'Excluded', clear: 'Cleared', change: 'Changed' };
  return description.replace(/^(include|exclude|clear|change)\b/, (verb) => past[verb] ?? verb);
}
