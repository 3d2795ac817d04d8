'use client';

import { useEffect, useRef, useState } from 'react';
import { DeltaESlider } from './controls';
import { formatElapsed } from '@/lib/ui/elapsed';
import { DEFAULT_PALETTE_TOLERANCE, MAX_PALETTE_COLOURS, type PaletteFilter as Filter } from '@/lib/ui/search-params';
import { PaletteStrip } from '../search/PaletteStrip';
import { useFramePalette } from '../search/use-frame-palette';
import type { SearchStats } from '../search/use-search-stats';

const COMMIT_DELAY_MS = 300;
/** Offered in turn by "Add colour": far apart, so a new picker starts somewhere visibly different. */
const NEW_COLOURS = ['8a6a4f', '2f5d7c', 'c9a227', '7a2e2e', '3f6b3a'];

/**
 * "Frames whose palette contains colours near these": 1-5 colour pickers and
 * a tolerance, written as `_palette=rrggbb,...&_palette_tolerance=ΔE`. The
 * tolerance also applies to "palette like this frame's" (`_palette_like`),
 * set from the frame view and shown here while it is on.
 */
export function PaletteFilter({ filter, stats, onCommit }: { filter: Filter; stats: SearchStats['palette']; onCommit: (next: Filter) => void }) {
  const active = filter.colours.length > 0;
  const fromUrl = { colours: active ? filter.colours : [NEW_COLOURS[0]], tolerance: filter.tolerance ?? DEFAULT_PALETTE_TOLERANCE };
  const [draft, setDraft] = useState(fromUrl);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const urlKey = `${filter.colours.join(',')}|${filter.tolerance}`;
  useEffect(() => {
    setDraft((old) => ({ colours: filter.colours.length > 0 ? filter.colours : old.colours, tolerance: filter.tolerance ?? DEFAULT_PALETTE_TOLERANCE }));
    // The URL's own values, not the object identity, decide when the draft is replaced.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [urlKey]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const commit = (next: typeof draft, delay: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => onCommit({ colours: next.colours, tolerance: next.tolerance, like: filter.like }), delay);
  };
  /** Edits the draft; while the filter is on (or a like-frame is), the results follow. */
  const edit = (next: typeof draft, delay = COMMIT_DELAY_MS) => {
    setDraft(next);
    if (active || (filter.like && next.tolerance !== draft.tolerance)) commit(active ? next : { ...next, colours: [] }, delay);
  };
  const setColour = (i: number, hex: string) => edit({ ...draft, colours: draft.colours.map((c, j) => (j === i ? hex : c)) });
  const remove = (i: number) => {
    const colours = draft.colours.filter((_, j) => j !== i);
    if (colours.length === 0) {
      setDraft({ ...draft, colours: [NEW_COLOURS[0]] });
      if (active) commit({ ...draft, colours: [] }, 0);
    } else edit({ ...draft, colours }, 0);
  };
  const add = () => edit({ ...draft, colours: [...draft.colours, NEW_COLOURS.find((c) => !draft.colours.includes(c)) ?? NEW_COLOURS[0]] }, 0);

  return (
    <div className="palette-filter">
      <ul className="palette-pickers" aria-label="Palette colours">
        {draft.colours.map((hex, i) => (
          <li key={i}>
            <input type="color" aria-label={`Palette colour ${i + 1}`} value={`#${hex}`} onChange={(e) => setColour(i, e.currentTarget.value.slice(1).toLowerCase())} />
            <code className="colour-hex">#{hex}</code>
            {(draft.colours.length > 1 || active) && (
              <button type="button" className="icon-button" aria-label={`Remove palette colour ${i + 1} (#${hex})`} onClick={() => remove(i)}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="actions">
        {draft.colours.length < MAX_PALETTE_COLOURS && (
          <button type="button" className="small" onClick={add}>
            + Add colour
          </button>
        )}
        {!active && (
          <button type="button" className="small" onClick={() => commit(draft, 0)}>
            Find {draft.colours.length === 1 ? 'this colour' : 'these colours'}
          </button>
        )}
      </div>
      <DeltaESlider value={draft.tolerance} label="Palette tolerance (ΔE)" onChange={(tolerance) => edit({ ...draft, tolerance })} />
      {filter.like && <LikeFrame film={filter.like.film} frame={filter.like.frame} onRemove={() => onCommit({ ...filter, like: null })} />}
      {stats && (
        <p className="search-stats" data-testid="palette-stats">
          {stats.scanned === 0
            ? 'No palettes yet: the analysis has not run (npm run analyze), or is still running.'
            : `${stats.frames.toLocaleString('en')} frames · ${stats.scanned.toLocaleString('en')} palettes compared in ${formatElapsed(stats.elapsedMs)}`}
        </p>
      )}
      <p className="facet-note">A palette contains a colour when one of its colours covering at least 5 % of the picture is within ΔE of it.</p>
    </div>
  );
}

function LikeFrame({ film, frame, onRemove }: { film: string; frame: number; onRemove: () => void }) {
  const palette = useFramePalette(film, frame);
  return (
    <div className="palette-like">
      <div className="palette-like-head">
        <span>
          Like <strong>{film}</strong> #{frame}’s palette
        </span>
        <button type="button" className="icon-button" aria-label={`Remove palette like ${film} frame ${frame}`} onClick={onRemove}>
          ×
        </button>
      </div>
      {palette.state === 'ready' && <PaletteStrip palette={palette.palette} />}
    </div>
  );
}
