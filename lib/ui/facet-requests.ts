/**
 * Datasette-style live counts: each sidebar group's counts are computed with
 * every OTHER filter applied, i.e. with the group's own parameters removed.
 * Groups whose removal leaves the same query share one request.
 */
import { queryString } from './url-state';
import { withoutKeys } from './filter-params';

export interface FacetSpec {
  id: string;
  /** The parameter keys the group's control owns. */
  keys: readonly string[];
  facet?: string;
  histogram?: string;
}

export interface FacetRequest {
  query: string;
  ids: string[];
}

/** Order does not change a count, so it is left out; a request's own `_facet`/`_histogram` are added. */
const NOT_FOR_COUNTS = ['_sort', '_sort_desc', '_offset', '_next', '_size', '_facet', '_histogram', '_bins'];

export function facetRequests(api: URLSearchParams, specs: readonly FacetSpec[], bins: number): FacetRequest[] {
  const byBase = new Map<string, FacetSpec[]>();
  for (const spec of specs) {
    if (!spec.facet && !spec.histogram) continue;
    const base = queryString(withoutKeys(withoutKeys(api, NOT_FOR_COUNTS), spec.keys));
    byBase.set(base, [...(byBase.get(base) ?? []), spec]);
  }
  return [...byBase].map(([base, group]) => {
    const params = new URLSearchParams(base);
    params.set('_size', '0');
    for (const spec of group) if (spec.facet) params.append('_facet', spec.facet);
    const histograms = group.filter((spec) => spec.histogram);
    for (const spec of histograms) params.append('_histogram', spec.histogram as string);
    if (histograms.length > 0) params.set('_bins', String(bins));
    return { query: queryString(params), ids: group.map((spec) => spec.id) };
  });
}
