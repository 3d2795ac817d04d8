'use client';

import { useEffect, useState } from 'react';
import { queryString } from '@/lib/ui/url-state';
import { FACE_KEYS, PALETTE_KEYS } from '@/lib/ui/search-params';
import { fetchJson, isAbort } from '../fetch-json';

export interface SearchStats {
  palette: { frames: number; scanned: number; elapsedMs: number } | null;
  face: { faces: number; frames: number; scanned: number; elapsedMs: number } | null;
}

const STATS_KEYS: readonly string[] = [...PALETTE_KEYS, ...FACE_KEYS, 'film'];

/**
 * What the palette and face searches of the current query found and how long
 * their scans took (GET /api/search-stats), or null without such a search,
 * while it loads, or when the query is refused (the results say why).
 */
export function useSearchStats(api: URLSearchParams): SearchStats | null {
  const params = new URLSearchParams([...api].filter(([name]) => STATS_KEYS.includes(name)));
  const query = params.has('_palette') || params.has('_palette_like') || params.has('_face_like') ? queryString(params) : null;
  const [stats, setStats] = useState<{ query: string; stats: SearchStats } | null>(null);
  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    fetchJson<SearchStats>(`/api/search-stats?${query}`, controller.signal).then(
      (answer) => setStats({ query, stats: answer }),
      (error: unknown) => {
        if (!isAbort(error)) setStats(null);
      },
    );
    return () => controller.abort();
  }, [query]);
  return stats && stats.query === query ? stats.stats : null;
}
