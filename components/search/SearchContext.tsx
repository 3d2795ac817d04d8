'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Palette } from '@/lib/palette/extract';
import type { MatchingLine } from '@/lib/query/search-filter';
import { BatchedLookup } from '@/lib/ui/batched-lookup';
import { replaceKeys } from '@/lib/ui/filter-params';
import { dialogueEntries, readDialogueSearch, type DialogueSearch } from '@/lib/ui/search-params';
import { queryString } from '@/lib/ui/url-state';
import { usePageUrl } from '../use-page-url';
import { fetchJson } from '../fetch-json';
import './search.css';

type Entries = ReadonlyArray<readonly [string, string]>;

export interface SearchState {
  api: URLSearchParams;
  /** Replaces the parameters of `keys` with `entries`, keeping every other filter: a new history entry. */
  change: (keys: readonly string[], entries: Entries) => void;
  /** Palette strips on the tiles (`view.palettes`). */
  palettes: boolean;
  setPalettes: (on: boolean) => void;
  dialogue: DialogueSearch | null;
  /** The palettes of the frames on screen, while the strips are shown. */
  paletteLookup: BatchedLookup<Palette> | null;
  /** The lines matching the dialogue search at the frames on screen, while there is one. */
  dialogueLookup: BatchedLookup<MatchingLine[]> | null;
}

const Context = createContext<SearchState | null>(null);

/** The search state, or null outside a SearchProvider (a component then shows no search extras). */
export function useSearch(): SearchState | null {
  return useContext(Context);
}

/**
 * A lookup made when `key` is set and cancelled when it changes. A new
 * palette lookup each time the strips are turned on, so frames analysed
 * since are asked again.
 */
function useKeyedLookup<T>(key: string | null, make: (key: string) => BatchedLookup<T>): BatchedLookup<T> | null {
  const [held, setHeld] = useState<{ key: string; lookup: BatchedLookup<T> } | null>(null);
  useEffect(() => {
    if (key === null) return;
    const lookup = make(key);
    setHeld({ key, lookup });
    return () => lookup.dispose();
    // `make` is a fresh function each render; the key says everything it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return held && held.key === key ? held.lookup : null;
}

const framesParam = (keys: string[]) => `frames=${keys.join(',')}`;

/**
 * The search state for everything under it, from the page URL itself (the
 * same store the browser reads), so the tiles and the frame view get it
 * without props threaded through the grid.
 */
export function SearchProvider({ children }: { children: ReactNode }) {
  const { api, view, setView, update } = usePageUrl();
  const palettes = view.palettes;
  const dialogue = useMemo(() => readDialogueSearch(api), [api]);
  const dialogueQuery = dialogue ? queryString(new URLSearchParams(dialogueEntries(dialogue.text, dialogue.raw))) || null : null;

  const paletteLookup = useKeyedLookup(palettes ? 'on' : null, () =>
    new BatchedLookup<Palette>((keys, signal) => fetchJson<{ palettes: Record<string, Palette | null> }>(`/api/palettes?${framesParam(keys)}`, signal).then((a) => a.palettes)),
  );
  const dialogueLookup = useKeyedLookup(dialogueQuery, (query) =>
    new BatchedLookup<MatchingLine[]>((keys, signal) =>
      fetchJson<{ lines: Record<string, MatchingLine[]> }>(`/api/dialogue?${query}&${framesParam(keys)}`, signal).then((a) => a.lines),
    ),
  );

  // A new filter closes the frame view and is a new history entry, as every filter change is (setApi).
  const change = useCallback(
    (keys: readonly string[], entries: Entries) => update((now) => ({ api: replaceKeys(now.api, keys, entries), view: { ...now.view, frame: null } }), 'push'),
    [update],
  );
  const setPalettes = useCallback((on: boolean) => setView({ palettes: on }), [setView]);
  const value = useMemo<SearchState>(
    () => ({ api, change, palettes, setPalettes, dialogue, paletteLookup, dialogueLookup }),
    [api, change, palettes, setPalettes, dialogue, paletteLookup, dialogueLookup],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

const noSubscription = () => () => {};

/** One frame's value from a lookup, asked for when first shown: undefined while unknown. */
export function useLookup<T>(lookup: BatchedLookup<T> | null, key: string | null): T | null | undefined {
  const value = useSyncExternalStore(
    lookup ? lookup.subscribe : noSubscription,
    () => (lookup && key !== null ? lookup.get(key) : undefined),
    () => undefined,
  );
  useEffect(() => {
    if (lookup && key !== null) lookup.want(key);
  }, [lookup, key]);
  return value;
}

export interface TileSearch {
  palette: Palette | null;
  /** The matching dialogue lines on screen, as the tile's tooltip; null without a dialogue search. */
  tooltip: string | null;
  /** The id of the element holding the tooltip text, for aria-describedby. */
  describedBy: string | undefined;
}

/** What the search adds to a tile: its palette strip and its matching dialogue lines. */
export function useTileSearch(frame: { film: string; frame: number } | undefined, index: number): TileSearch {
  const search = useSearch();
  const key = frame ? `${frame.film}:${frame.frame}` : null;
  const palette = useLookup(search?.paletteLookup ?? null, key);
  const lines = useLookup(search?.dialogueLookup ?? null, key);
  const tooltip = lines && lines.length > 0 ? lines.map((line) => line.text).join('\n') : null;
  return { palette: palette ?? null, tooltip, describedBy: tooltip ? `tile-dialogue-${index}` : undefined };
}
