'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import { resultStore, WINDOW_SIZE, type ResultStore } from './result-store';

const serverVersion = () => 0;

export interface Results {
  /** The store for the current query. */
  store: ResultStore;
  /** What to draw: the current store once it has answered, until then the last one that had. */
  shown: ResultStore;
  /** True while the current query's first answer is awaited and older results are shown. */
  pending: boolean;
}

/** The results of `query`; re-renders when their total or error changes, not with every window loaded (see useFrames). */
export function useResults(query: string): Results {
  const store = resultStore(query);
  useSyncExternalStore(store.subscribe, store.getSummaryVersion, serverVersion);
  const lastReady = useRef<ResultStore | null>(null);

  useEffect(() => {
    if (!store.ready) store.show(0, WINDOW_SIZE);
    return () => store.pause();
  }, [store]);

  useEffect(() => {
    if (store.ready) lastReady.current = store;
  });

  const shown = store.ready || !lastReady.current ? store : lastReady.current;
  return { store, shown, pending: shown !== store };
}

/** Re-renders with every window of `store` loaded or changed: for what draws its frames. */
export function useFrames(store: ResultStore): void {
  useSyncExternalStore(store.subscribe, store.getVersion, serverVersion);
}
