'use client';

import { useEffect, useState } from 'react';
import type { FramesPage } from '@/lib/query/frames';
import { fetchJson, isAbort } from './fetch-json';
import { FrameCard } from './FrameCard';

const PAGE_SIZE = 60;

interface Loaded {
  total: number;
  frames: Array<{ film: string; frame: number }>;
  next: string | null;
}

function pageUrl(film: string, next: string | null): string {
  const params = new URLSearchParams({ film, _size: String(PAGE_SIZE) });
  if (next) params.set('_next', next);
  return `/api/frames?${params}`;
}

/** One film's frames in pages of PAGE_SIZE; mount with `key={film}` so a new film starts afresh. */
export function FrameGrid({ film }: { film: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchJson<FramesPage>(pageUrl(film, null), controller.signal).then(
      (page) => setLoaded({ total: page.total, frames: page.frames, next: page.next }),
      (e: unknown) => {
        if (!isAbort(e)) setError((e as Error).message);
      },
    );
    return () => controller.abort();
  }, [film]);

  async function loadMore() {
    if (!loaded?.next) return;
    setLoadingMore(true);
    setError(null);
    try {
      const page = await fetchJson<FramesPage>(pageUrl(film, loaded.next));
      setLoaded({ total: page.total, frames: [...loaded.frames, ...page.frames], next: page.next });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoadingMore(false);
    }
  }

  if (!loaded) {
    return error ? (
      <p className="state error" role="alert">
        Could not load the frames of {film}: {error}
      </p>
    ) : (
      <p className="state">Loading frames…</p>
    );
  }
  if (loaded.total === 0) return <p className="state">No frames of {film} in the library.</p>;
  return (
    <>
      <ul className="grid">
        {loaded.frames.map(({ film: f, frame }) => (
          <FrameCard key={`${f}/${frame}`} film={f} frame={frame} />
        ))}
      </ul>
      <div className="more">
        <span>
          {loaded.frames.length.toLocaleString('en')} of {loaded.total.toLocaleString('en')} frames
        </span>
        {loaded.next && (
          <button type="button" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'More'}
          </button>
        )}
        {error && (
          <span className="state error" role="alert">
            {error}
          </span>
        )}
      </div>
    </>
  );
}
