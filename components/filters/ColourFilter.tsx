'use client';

import { useEffect, useRef, useState } from 'react';
import { DeltaESlider } from './controls';

const DEFAULT_DISTANCE = 10;
const DEFAULT_COLOUR = '#8a6a4f';
const COMMIT_DELAY_MS = 300;

/**
 * Frames whose mean colour lies near a chosen colour: `_color=rrggbb`,
 * `_color_distance=ΔE` (CIE76 in CIELAB, so the distance follows what the
 * eye sees rather than raw RGB).
 */
export function ColourFilter({
  colour,
  distance,
  onCommit,
}: {
  colour: string | null;
  distance: number | null;
  onCommit: (colour: string | null, distance: number) => void;
}) {
  const [draft, setDraft] = useState({ colour: colour ? `#${colour}` : DEFAULT_COLOUR, distance: distance ?? DEFAULT_DISTANCE });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    setDraft((old) => ({ colour: colour ? `#${colour}` : old.colour, distance: distance ?? DEFAULT_DISTANCE }));
  }, [colour, distance]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const change = (next: { colour: string; distance: number }, apply: boolean) => {
    setDraft(next);
    if (!apply) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => onCommit(next.colour.replace('#', '').toLowerCase(), next.distance), COMMIT_DELAY_MS);
  };
  const on = colour !== null;

  return (
    <div className="colour-filter">
      <div className="colour-row">
        <input
          type="color"
          aria-label="Mean colour to match"
          value={draft.colour}
          onChange={(e) => change({ ...draft, colour: e.currentTarget.value }, true)}
        />
        <code className="colour-hex">{draft.colour}</code>
        {!on && (
          <button type="button" className="small" onClick={() => change(draft, true)}>
            Match this colour
          </button>
        )}
      </div>
      <DeltaESlider value={draft.distance} label="Colour distance (ΔE)" onChange={(distance) => change({ ...draft, distance }, on)} />
      <p className="facet-note">ΔE 2–3 is a just-noticeable difference; 10 is “the same colour family”.</p>
    </div>
  );
}
