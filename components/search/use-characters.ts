'use client';

import { useEffect, useSyncExternalStore } from 'react';
import type { FaceCluster, NamedCluster } from '@/lib/characters/names';
import { asApiError, fetchJson, sendJson, type ApiError } from '../fetch-json';

export interface CharacterList {
  names: NamedCluster[];
  /** Each film's face clusters, largest first, with their names. */
  clusters: Record<string, FaceCluster[]>;
}

export type Characters = { state: 'loading' } | { state: 'error'; error: ApiError } | ({ state: 'ready' } & CharacterList);

/*
 * One list for the page: the sidebar and the frame view show the same names,
 * and naming a character in one refreshes both.
 */
const LOADING: Characters = { state: 'loading' };
let current: Characters = LOADING;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: Characters): void {
  current = next;
  for (const listener of listeners) listener();
}

/** Fetches the list; `fresh` starts a new request even when one is on its way (it may predate a change just made). */
function load(fresh = false): Promise<void> {
  if (loading && !fresh) return loading;
  const request: Promise<void> = fetchJson<CharacterList>('/api/characters')
    .then(
      (list) => {
        if (loading === request) set({ state: 'ready', ...list });
      },
      (error: unknown) => {
        if (loading === request) set({ state: 'error', error: asApiError(error) });
      },
    )
    .finally(() => {
      if (loading === request) loading = null;
    });
  loading = request;
  return request;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const serverSnapshot = (): Characters => LOADING;

export function useCharacters(): Characters {
  const characters = useSyncExternalStore(subscribe, () => current, serverSnapshot);
  useEffect(() => {
    if (current.state !== 'ready') void load();
  }, []);
  return characters;
}

const clusterUrl = (film: string, cluster: number) => `/api/characters/${encodeURIComponent(film)}/${cluster}`;

/** Names a film's face cluster (or renames it), then reloads the list. Throws the API's error (a 400 names the field). */
export async function nameCharacter(film: string, cluster: number, name: string): Promise<void> {
  await sendJson(clusterUrl(film, cluster), 'PUT', { name });
  await load(true);
}

/** Forgets a cluster's name, then reloads the list. */
export async function forgetCharacter(film: string, cluster: number): Promise<void> {
  await sendJson(clusterUrl(film, cluster), 'DELETE');
  await load(true);
}

/** The name of a film's cluster in a loaded list, or null. */
export function clusterName(characters: Characters, film: string, cluster: number): string | null {
  if (characters.state !== 'ready') return null;
  return characters.names.find((n) => n.film === film && n.cluster === cluster)?.name ?? null;
}
