'use client';

import { useEffect, useState } from 'react';
import type { FramesPage } from '@/lib/query/frames';
import type { SelectionSummary } from '@/lib/selections';
import { describeMark, markAfter, type CurationAction, type Mark } from '@/lib/ui/curation';
import type { FrameRef } from '@/lib/ui/url-state';
import { fetchJson, isAbort } from '../fetch-json';
import { TileMark } from './TileMark';

interface Props {
  selection: SelectionSummary;
  frameRef: FrameRef;
  /** Goes up after each curation action: the mark is read again. */
  version: number;
  onAct: (ref: FrameRef, action: CurationAction) => void;
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || !!target.closest('input, select, textarea'));
}

/**
 * The frame view's include / exclude buttons (and the I and X keys) for the
 * current selection, with the frame's standing in it. The frame may not be
 * among the loaded results (a shot-strip neighbour), so its mark is asked
 * for on its own.
 */
export function FrameCuration({ selection, frameRef, version, onAct }: Props) {
  const key = `${selection.id}|${frameRef.film}:${frameRef.frame}`;
  const [mark, setMark] = useState<{ key: string; mark: Mark } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const query = new URLSearchParams({ film__exact: frameRef.film, frame: String(frameRef.frame), _mark: String(selection.id), _size: '1' });
    fetchJson<FramesPage>(`/api/frames?${query}`, controller.signal).then(
      (page) => setMark({ key, mark: page.frames[0]?.selection ?? null }),
      (error: unknown) => {
        if (!isAbort(error)) setMark(null);
      },
    );
    return () => controller.abort();
  }, [key, frameRef.film, frameRef.frame, selection.id, version]);

  const act = (action: CurationAction) => {
    setMark({ key, mark: markAfter(action) });
    onAct(frameRef, action);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      // Another dialog over the frame view (help, export) has the keys.
      if (document.querySelector('dialog.modal[open]')) return;
      const k = event.key.toLowerCase();
      if (k !== 'i' && k !== 'x') return;
      event.preventDefault();
      setMark({ key, mark: markAfter(k === 'i' ? 'include' : 'exclude') });
      onAct(frameRef, k === 'i' ? 'include' : 'exclude');
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [key, frameRef, onAct]);

  const current = mark?.key === key ? mark.mark : undefined;
  return (
    <div className="fv-curation" role="group" aria-label={`Selection “${selection.name}”`}>
      <span className="fv-mark" aria-live="polite" data-testid="frame-mark">
        <TileMark mark={current} />
        {current === undefined ? '…' : describeMark(current)}
      </span>
      <button type="button" className="small" onClick={() => act('include')} aria-keyshortcuts="I" title="Include this frame (I)">
        Include
      </button>
      <button type="button" className="small" onClick={() => act('exclude')} aria-keyshortcuts="X" title="Exclude this frame (X)">
        Exclude
      </button>
    </div>
  );
}
