'use client';

import { useEffect, useState } from 'react';
import type { FrameDetail, FramesPage } from '@/lib/query/frames';
import { positionQueries } from '@/lib/ui/result-position';
import type { FrameRef } from '@/lib/ui/url-state';
import { fetchJson, isAbort } from '../fetch-json';
import type { ResultStore } from '../results/result-store';

/** The open frame's index in the current results: known, still being worked out, or not there at all. */
export type Position = { state: 'known'; index: number } | { state: 'finding' } | { state: 'absent' };

/**
 * Where the open frame stands in the results, so Left/Right can step through
 * them. Known at once when the frame was opened from the grid (the hint) or
 * is among the loaded windows; for a frame opened from a link, counted by the
 * API (see lib/ui/result-position.ts) and checked against the frame there.
 */
export function useFramePosition(store: ResultStore, ref: FrameRef, hint: number | null, detail: FrameDetail | null): Position {
  const [found, setFound] = useState<{ key: string; position: Position } | null>(null);
  const key = `${store.query}|${ref.film}:${ref.frame}`;
  const same = (f: { film: string; frame: number } | undefined) => f !== undefined && f.film === ref.film && f.frame === ref.frame;

  const quick = hint !== null && same(store.frameAt(hint)) ? hint : store.indexOf(ref.film, ref.frame);
  const needsCount = quick < 0 && store.total !== null && detail !== null && detail.film === ref.film && detail.frame === ref.frame;

  useEffect(() => {
    if (!needsCount || !detail) return;
    const controller = new AbortController();
    const queries = positionQueries(new URLSearchParams(store.query), detail as unknown as FrameRef & Record<string, unknown>);
    Promise.all(queries.map((q) => fetchJson<FramesPage>(`/api/frames?${q}`, controller.signal)))
      .then(async (answers) => {
        const index = answers.reduce((sum, a) => sum + a.total, 0);
        const frame = await store.load(index);
        setFound({ key, position: same(frame) ? { state: 'known', index } : { state: 'absent' } });
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setFound({ key, position: { state: 'absent' } });
      });
    return () => controller.abort();
    // `same` reads ref, which `key` already covers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, needsCount, detail, store]);

  if (quick >= 0) return { state: 'known', index: quick };
  if (found?.key === key) return found.position;
  return { state: 'finding' };
}
