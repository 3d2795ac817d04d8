'use client';

import { useEffect, useRef, useState } from 'react';
import type { FramesPage } from '@/lib/query/frames';
import { formatTimecode } from '@/lib/timecode';
import type { FrameRef } from '@/lib/ui/url-state';
import { fetchJson, isAbort } from '../fetch-json';
import { thumbWidth } from '@/lib/ui/geometry';
import { thumbUrl } from '../grid/Tile';
import { useDevicePixelRatio } from '../use-device-pixel-ratio';

const STRIP_LIMIT = 120;
const STRIP_TILE_WIDTH = 128;
const NEIGHBOURS = 8;

/**
 * The frames around the open one: its whole shot (same film and shot_id),
 * or, for a frame without a shot, the seconds either side of it.
 */
export function ShotStrip({ film, frame, shotId, onOpen }: { film: string; frame: number; shotId: number | null; onOpen: (ref: FrameRef) => void }) {
  const [strip, setStrip] = useState<{ key: string; frames: Array<{ film: string; frame: number; has_image: number }>; total: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const current = useRef<HTMLButtonElement>(null);
  const dpr = useDevicePixelRatio();
  const key = shotId === null ? `${film}:${Math.floor(frame / NEIGHBOURS)}` : `${film}#${shotId}`;

  useEffect(() => {
    const controller = new AbortController();
    const params = new URLSearchParams({ film, _size: String(STRIP_LIMIT) });
    if (shotId !== null) params.set('shot_id', String(shotId));
    else {
      params.set('frame__gte', String(Math.max(0, frame - NEIGHBOURS)));
      params.set('frame__lte', String(frame + NEIGHBOURS));
    }
    fetchJson<FramesPage>(`/api/frames?${params}`, controller.signal).then(
      (page) => {
        setStrip({ key, frames: page.frames, total: page.total });
        setFailed(null);
      },
      (error: unknown) => {
        if (!isAbort(error)) setFailed((error as Error).message);
      },
    );
    return () => controller.abort();
    // The strip is the same for every frame of one shot: refetch only when the shot changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // Centred by hand: scrollIntoView would also scroll the grid under the dialog.
  useEffect(() => {
    const button = current.current;
    const list = button?.closest('ol');
    if (button && list) list.scrollLeft = button.offsetLeft - list.offsetLeft - (list.clientWidth - button.offsetWidth) / 2;
  }, [frame, strip]);

  if (failed) return <p className="strip-state">The shot’s frames could not be loaded: {failed}</p>;
  if (!strip) return <div className="strip loading" aria-hidden="true" />;
  return (
    <nav className="strip" aria-label={shotId === null ? 'Neighbouring frames' : `Shot ${shotId}: ${strip.total} frames`}>
      <h3 className="strip-title">
        {shotId === null ? 'Neighbouring frames' : `Shot ${shotId}`} <span>{strip.total.toLocaleString('en')} frames</span>
      </h3>
      <ol>
        {strip.frames.map((f) => {
          const isCurrent = f.frame === frame;
          return (
            <li key={f.frame}>
              <button
                ref={isCurrent ? current : undefined}
                type="button"
                className={`strip-frame${isCurrent ? ' current' : ''}`}
                aria-current={isCurrent ? 'true' : undefined}
                aria-label={`Frame ${f.frame} (${formatTimecode(f.frame)})`}
                onClick={() => onOpen({ film: f.film, frame: f.frame })}
              >
                {f.has_image ? <img src={thumbUrl(f.film, f.frame, thumbWidth(STRIP_TILE_WIDTH, dpr))} alt="" decoding="async" /> : <span className="no-image">no JPEG</span>}
                <span className="strip-frame-no">#{f.frame}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
