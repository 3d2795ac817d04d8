'use client';

import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { FrameDetail } from '@/lib/query/frames';
import { formatTimecode } from '@/lib/timecode';
import { containRect, type FaceBox } from '@/lib/ui/geometry';
import type { FrameRef } from '@/lib/ui/url-state';
import { FaceBoxes } from '../FaceBoxes';
import { asApiError, fetchJson, isAbort } from '../fetch-json';
import type { ResultStore } from '../results/result-store';
import { useFrames } from '../results/use-results';
import { useElementSize } from '../use-element-size';
import { FrameInfo } from './FrameInfo';
import { ShotStrip } from './ShotStrip';
import { useFramePosition } from './use-frame-position';

interface Props {
  frameRef: FrameRef;
  store: ResultStore;
  /** The frame's index in the results, when it was opened from them. */
  hint: number | null;
  boxes: boolean;
  onToggleBoxes: (on: boolean) => void;
  /** Shows another frame; index is its place in the results, when known. */
  onNavigate: (ref: FrameRef, index: number | null) => void;
  onClose: () => void;
  onFilter: (entries: Array<[string, string]>) => void;
  /** Include / exclude controls for the current selection, when there is one. */
  curation?: ReactNode;
}

function imageUrl({ film, frame }: FrameRef): string {
  return `/api/frames/${encodeURIComponent(film)}/${frame}/image`;
}

/** `missing`: the API knows no such frame (a link to a film or frame this library does not have). */
type Detail = { key: string; detail: FrameDetail } | { key: string; error: string; missing: boolean };

/**
 * One frame at full resolution, as a modal dialog over the grid (which
 * keeps its scroll position underneath). Left/Right step through the
 * current results, across windows; Esc goes back.
 */
export function FrameView({ frameRef, store, hint, boxes, onToggleBoxes, onNavigate, onClose, onFilter, curation }: Props) {
  useFrames(store);
  const dialog = useRef<HTMLDialogElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const stageSize = useElementSize(stage);
  const key = `${frameRef.film}:${frameRef.frame}`;
  const [loaded, setLoaded] = useState<Detail | null>(null);
  const [imageReady, setImageReady] = useState<string | null>(null);
  const detail = loaded && loaded.key === key && 'detail' in loaded ? loaded.detail : null;
  const position = useFramePosition(store, frameRef, hint, detail);
  const index = position.state === 'known' ? position.index : null;
  const total = store.total;
  const stepping = useRef(false);
  const img = useRef<HTMLImageElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    fetchJson<FrameDetail>(`/api/frames/${encodeURIComponent(frameRef.film)}/${frameRef.frame}`, controller.signal).then(
      (d) => setLoaded({ key, detail: d }),
      (error: unknown) => {
        if (!isAbort(error)) setLoaded({ key, error: asApiError(error).message, missing: asApiError(error).status === 404 });
      },
    );
    return () => controller.abort();
  }, [key, frameRef.film, frameRef.frame]);

  const step = useCallback(
    async (delta: number) => {
      if (index === null || total === null || stepping.current) return;
      const target = index + delta;
      if (target < 0 || target >= total) return;
      stepping.current = true;
      try {
        const next = store.frameAt(target) ?? (await store.load(target));
        if (next) onNavigate({ film: next.film, frame: next.frame }, target);
      } finally {
        stepping.current = false;
      }
    },
    [index, total, store, onNavigate],
  );

  // The neighbours' windows and images are fetched ahead, so stepping never waits on the network.
  useEffect(() => {
    if (index === null) return;
    for (const i of [index - 1, index + 1]) {
      if (i < 0 || (total !== null && i >= total)) continue;
      void store.load(i).then((f) => {
        if (f?.has_image) new Image().src = imageUrl(f);
      });
    }
  }, [index, total, store]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea')) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      void step(event.key === 'ArrowRight' ? 1 : -1);
    }
  };

  const src = imageUrl(frameRef);
  // An image that finished before this component hydrated fires no load event.
  useEffect(() => {
    if (img.current?.complete && img.current.naturalWidth > 0) setImageReady(src);
  }, [src]);

  const row = detail ?? store.frameAt(index ?? -1) ?? null;
  const faces: FaceBox[] = detail ? detail.faces.map((f) => [f.top, f.right, f.bottom, f.left]) : row && 'faces' in row ? (row.faces as FaceBox[]) : [];
  const natW = row?.width ?? 0;
  const natH = row?.height ?? 0;
  const image = containRect(stageSize.width, stageSize.height, natW, natH);
  const primary = row?.prim_char_flag === 1;
  const error = loaded && loaded.key === key && 'error' in loaded ? loaded.error : null;
  const missing = loaded !== null && loaded.key === key && 'missing' in loaded && loaded.missing;

  return (
    <dialog
      ref={dialog}
      className="frame-view"
      aria-label={`${frameRef.film}, frame ${frameRef.frame}`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
    >
      <header className="fv-bar">
        <button type="button" className="ghost" onClick={onClose} aria-label="Back to the results (Esc)">
          ← Results
        </button>
        <h2>
          {frameRef.film} <span className="fv-frame">#{frameRef.frame}</span> <span className="fv-time">{formatTimecode(frameRef.frame)}</span>
        </h2>
        <span className="fv-position" aria-live="polite">
          {missing
            ? 'Not in this library'
            : position.state === 'known' && total !== null
            ? `${(position.index + 1).toLocaleString('en')} of ${total.toLocaleString('en')}`
            : position.state === 'finding'
              ? 'Finding its place in the results…'
              : 'Not in the current results'}
        </span>
        <div className="fv-nav">
          <button type="button" className="ghost" onClick={() => void step(-1)} disabled={index === null || index === 0} aria-label="Previous result (Left arrow)">
            ‹ Prev
          </button>
          <button
            type="button"
            className="ghost"
            onClick={() => void step(1)}
            disabled={index === null || total === null || index >= total - 1}
            aria-label="Next result (Right arrow)"
          >
            Next ›
          </button>
        </div>
        {curation}
        <label className="check">
          <input type="checkbox" checked={boxes} onChange={(e) => onToggleBoxes(e.currentTarget.checked)} />
          Face boxes
        </label>
        <a className="ghost-link" href={src} target="_blank" rel="noreferrer">
          Original JPEG
        </a>
      </header>
      <div className="fv-body">
        <div className="fv-stage" ref={stage}>
          {missing ? (
            <p className="state" role="alert">
              Frame {frameRef.frame} of {frameRef.film} is not in this library: the link names a film or a frame it does not have.
            </p>
          ) : row && !row.has_image ? (
            <p className="state">The JPEG of this frame is missing from the library.</p>
          ) : (
            <img ref={img} src={src} alt={`${frameRef.film}, frame ${frameRef.frame} (${formatTimecode(frameRef.frame)})`} onLoad={() => setImageReady(src)} />
          )}
          {boxes && imageReady === src && natW > 0 && <FaceBoxes faces={faces} image={image} naturalWidth={natW} naturalHeight={natH} primary={primary} />}
        </div>
        <aside className="fv-side" aria-label="Frame details">
          {error && !missing && (
            <p className="state error" role="alert">
              Could not load this frame: {error}
            </p>
          )}
          {detail ? <FrameInfo detail={detail} primary={primary} onFilter={onFilter} /> : !error && <p className="state">Loading details…</p>}
        </aside>
      </div>
      {row && <ShotStrip film={frameRef.film} frame={frameRef.frame} shotId={row.shot_id} onOpen={(ref) => onNavigate(ref, null)} />}
    </dialog>
  );
}
