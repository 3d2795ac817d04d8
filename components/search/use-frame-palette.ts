'use client';

import { useEffect, useState } from 'react';
import type { Palette } from '@/lib/palette/extract';
import { fetchJson, isAbort } from '../fetch-json';

export type FramePalette = { state: 'loading' } | { state: 'none' } | { state: 'error'; message: string } | { state: 'ready'; palette: Palette };

/** One frame's palette (GET /api/palettes): `none` when it has not been analysed yet. */
export function useFramePalette(film: string, frame: number): FramePalette {
  const key = `${film}:${frame}`;
  const [loaded, setLoaded] = useState<{ key: string; value: FramePalette } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchJson<{ palettes: Record<string, Palette | null> }>(`/api/palettes?frames=${key}`, controller.signal).then(
      ({ palettes }) => {
        const palette = palettes[key];
        setLoaded({ key, value: palette && palette.length > 0 ? { state: 'ready', palette } : { state: 'none' } });
      },
      (error: unknown) => {
        if (!isAbort(error)) setLoaded({ key, value: { state: 'error', message: (error as Error).message } });
      },
    );
    return () => controller.abort();
  }, [key]);
  return loaded && loaded.key === key ? loaded.value : { state: 'loading' };
}
