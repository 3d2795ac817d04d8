'use client';

import { useId } from 'react';
import type { FaceScope } from '@/lib/ui/search-params';

export const FACE_DISTANCE_MIN = 0.2;
export const FACE_DISTANCE_MAX = 1;

/**
 * The two settings of "more of this person": how close a face must be (the
 * Euclidean distance between 128-d encodings; 0.6 is face_recognition's
 * "same person", lower is stricter) and which films to search.
 */
export function FaceSearchControls({
  film,
  distance,
  scope,
  onDistance,
  onScope,
}: {
  film: string;
  distance: number;
  scope: FaceScope;
  onDistance: (distance: number) => void;
  onScope: (scope: FaceScope) => void;
}) {
  const name = useId();
  const scopes: Array<[FaceScope, string]> = [
    ['film', 'This film'],
    ['all', 'All films'],
  ];
  if (scope === 'other') scopes.push(['other', 'The chosen films']);
  return (
    <div className="face-search-controls">
      <label className="slider-label">
        <span>
          Face distance ≤ <output>{distance.toFixed(2)}</output> <span className="muted">(0.6: same person)</span>
        </span>
        <input
          type="range"
          min={FACE_DISTANCE_MIN}
          max={FACE_DISTANCE_MAX}
          step={0.01}
          value={distance}
          aria-label="Face distance"
          onChange={(e) => onDistance(Number(e.currentTarget.value))}
        />
      </label>
      <fieldset className="segmented">
        <legend className="sr-only">Search in</legend>
        {scopes.map(([value, label]) => (
          <label key={value} className={scope === value ? 'on' : undefined} title={value === 'film' ? film : undefined}>
            <input type="radio" name={name} value={value} checked={scope === value} onChange={() => onScope(value)} />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
