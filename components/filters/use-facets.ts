'use client';

import { useEffect, useState } from 'react';
import type { FacetValue, FramesPage } from '@/lib/query/frames';
import type { Histogram } from '@/lib/query/histogram';
import { facetRequests } from '@/lib/ui/facet-requests';
import { asApiError, fetchJson, isAbort, type ApiError } from '../fetch-json';
import { FACET_SPECS, type FacetId } from './facet-specs';

export const HISTOGRAM_BINS = 32;
/**
 * Long enough for the grid's first thumbnails to be asked for before the
 * counts (they are what the user looks at first), short enough that the
 * counts follow at once: with the columnar copy a count costs milliseconds.
 */
const DEBOUNCE_MS = 40;

export interface Facets {
  counts: Partial<Record<FacetId, FacetValue[]>>;
  histograms: Partial<Record<FacetId, Histogram>>;
  /** The counts shown are for an earlier query; new ones are on their way. */
  stale: boolean;
  error: ApiError | null;
}

/**
 * Live counts for the sidebar, each group's computed with every other
 * filter applied. Fetched once the results have answered (`resultsReady`)
 * and a moment after (debounced), and cancelled as soon as the query changes
 * again, so they never hold the grid up: the server answers one request at a
 * time, and the counts would otherwise sit between the results and their
 * first thumbnails.
 * `refresh` goes up when the counts change under an unchanged query (a
 * curation action while filtering on `_in_selection`).
 */
export function useFacets(query: string, resultsReady: boolean, refresh = 0): Facets {
  const [facets, setFacets] = useState<Facets>({ counts: {}, histograms: {}, stale: true, error: null });

  useEffect(() => {
    setFacets((old) => (old.stale ? old : { ...old, stale: true }));
    if (!resultsReady) return;
    const controller = new AbortController();
    const load = async () => {
      const requests = facetRequests(new URLSearchParams(query), FACET_SPECS, HISTOGRAM_BINS);
      try {
        const answers = await Promise.all(requests.map((r) => fetchJson<FramesPage>(`/api/frames?${r.query}`, controller.signal)));
        const counts: Facets['counts'] = {};
        const histograms: Facets['histograms'] = {};
        answers.forEach((answer, i) => {
          for (const id of requests[i].ids) {
            const spec = FACET_SPECS.find((s) => s.id === id)!;
            if ('facet' in spec) counts[spec.id] = answer.facets[spec.facet] ?? [];
            if ('histogram' in spec) histograms[spec.id] = answer.histograms?.[spec.histogram];
          }
        });
        setFacets({ counts, histograms, stale: false, error: null });
      } catch (error) {
        if (!isAbort(error)) setFacets((old) => ({ ...old, stale: false, error: asApiError(error) }));
      }
    };
    const timer = setTimeout(() => void load(), DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, refresh, resultsReady]);

  return facets;
}
