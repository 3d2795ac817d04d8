'use client';

import { useEffect, useState } from 'react';
import type { FilmSummary } from '@/lib/query/frames';
import { fetchJson, isAbort } from './fetch-json';
import { FilmList } from './FilmList';
import { FrameGrid } from './FrameGrid';

type Films = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; films: FilmSummary[] };

/** The film list beside the chosen film's frames; with no film chosen, the first film. */
export function LibraryBrowser({ film }: { film: string | null }) {
  const [films, setFilms] = useState<Films>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetchJson<FilmSummary[]>('/api/films', controller.signal).then(
      (list) => setFilms({ status: 'ready', films: list }),
      (e: unknown) => {
        if (!isAbort(e)) setFilms({ status: 'error', message: (e as Error).message });
      },
    );
    return () => controller.abort();
  }, []);

  const shown = film ?? (films.status === 'ready' ? (films.films[0]?.film ?? null) : null);
  return (
    <main className="library">
      <nav className="films" aria-label="Films">
        <h2>Films</h2>
        {films.status === 'loading' && <p className="state">Loading films…</p>}
        {films.status === 'error' && (
          <p className="state error" role="alert">
            Could not load the films: {films.message}
          </p>
        )}
        {films.status === 'ready' && films.films.length === 0 && (
          <p className="state">
            The library has no films yet. Point <code>STILLROOM_LIBRARY</code> at a moviegoer library and run{' '}
            <code>npm start</code> again.
          </p>
        )}
        {films.status === 'ready' && <FilmList films={films.films} current={shown} />}
      </nav>
      <section className="frames" aria-label="Frames">
        {shown && (
          <>
            <h2>{shown}</h2>
            <FrameGrid key={shown} film={shown} />
          </>
        )}
      </section>
    </main>
  );
}
