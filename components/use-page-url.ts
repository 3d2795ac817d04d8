'use client';

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { apiParams, pageQuery, queryString, readView, type ViewState } from '@/lib/ui/url-state';

export type HistoryMode = 'push' | 'replace';

export interface PageUrl {
  /** The filters, sort and colour, in the API's syntax: what /api/frames is asked. */
  api: URLSearchParams;
  /** `api` as a query string, the identity of the current results. */
  query: string;
  view: ViewState;
  setApi: (api: URLSearchParams) => void;
  setView: (patch: Partial<ViewState>, mode?: HistoryMode) => void;
  /** Changes filters and view in one history entry, from the URL as it is now. */
  update: (change: (now: { api: URLSearchParams; view: ViewState }) => { api: URLSearchParams; view: ViewState }, mode?: HistoryMode) => void;
}

/*
 * The page URL as an external store. A change made here re-renders at once
 * (a checkbox shows its new state in the same frame as the click) rather than
 * after the router's transition; back/forward arrive as popstate. Next.js
 * folds native history calls into its router, so its own state stays in step.
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentQuery = () => window.location.search.replace(/^\?/, '');
// The page is prerendered without a URL; the client renders the real state right after hydration.
const serverQuery = () => '';

function navigate(api: URLSearchParams, view: ViewState, mode: HistoryMode): void {
  const query = pageQuery(api, view);
  if (query === currentQuery()) return;
  const url = query ? `?${query}` : window.location.pathname;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
  for (const listener of listeners) listener();
}

function parse(query: string) {
  const params = new URLSearchParams(query);
  const api = apiParams(params);
  return { api, query: queryString(api), view: readView(params) };
}

export function usePageUrl(): PageUrl {
  const key = useSyncExternalStore(subscribe, currentQuery, serverQuery);
  const state = useMemo(() => parse(key), [key]);

  // Handlers may chain several changes in one event: each builds on the URL as it is now, not as last rendered.
  // New filters are new results: no frame open, and the top of them.
  const setApi = useCallback((api: URLSearchParams) => navigate(api, { ...parse(currentQuery()).view, frame: null, at: null }, 'push'), []);
  const setView = useCallback((patch: Partial<ViewState>, mode: HistoryMode = 'replace') => {
    const now = parse(currentQuery());
    navigate(now.api, { ...now.view, ...patch }, mode);
  }, []);

  const update = useCallback((change: (now: { api: URLSearchParams; view: ViewState }) => { api: URLSearchParams; view: ViewState }, mode: HistoryMode = 'push') => {
    const next = change(parse(currentQuery()));
    navigate(next.api, next.view, mode);
  }, []);

  return { ...state, setApi, setView, update };
}
