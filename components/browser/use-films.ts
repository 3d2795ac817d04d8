'use client';

import { useEffect, useState } from 'react';
import type { FilmSummary } from '@/lib/query/frames';
import { asApiError, fetchJson, isAbort, type ApiError } from '../fetch-json';

export type Films = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; films: FilmSummary[] };

export function useFilms(): Films {
  const [films, setFilms] = useState<Films>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetchJson<FilmSummary[]>('/api/films', controller.signal).then(
      (list) => setFilms({ state: 'ready', films: list }),
      (error: unknown) => {
        if (!isAbort(error)) setFilms({ state: 'error', error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, []);
  return films;
}
