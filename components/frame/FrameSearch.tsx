'use client';

import { useState } from 'react';
import type { FrameDetail, SubtitleLine } from '@/lib/query/frames';
import { formatTimecode } from '@/lib/timecode';
import { highlightSegments, searchTerms } from '@/lib/ui/dialogue-highlight';
import {
  CHARACTER_KEYS,
  DEFAULT_FACE_DISTANCE,
  DEFAULT_PALETTE_TOLERANCE,
  faceScope,
  faceSearchChange,
  MAX_PALETTE_COLOURS,
  PALETTE_KEYS,
  paletteEntries,
  readFaceSearch,
  readPaletteFilter,
  type FaceScope,
} from '@/lib/ui/search-params';
import { CharacterNameForm } from '../search/CharacterNameForm';
import { FaceSearchControls } from '../search/FaceSearchControls';
import { PaletteStrip } from '../search/PaletteStrip';
import { useLookup, useSearch } from '../search/SearchContext';
import { clusterName, useCharacters } from '../search/use-characters';
import { useFramePalette } from '../search/use-frame-palette';

/** The share a palette colour needs to count as "contained" (PALETTE_MIN_SHARE), so "find these colours" finds this frame. */
const MIN_SHARE = 0.05;

function secondsToClock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${formatTimecode(whole)}.${String(Math.round((seconds - whole) * 1000)).padStart(3, '0')}`;
}

/** The subtitle lines on screen; those matching the dialogue search (`_search`) marked, their searched words highlighted. */
export function Subtitles({ detail }: { detail: FrameDetail }) {
  const search = useSearch();
  const matching = useLookup(search?.dialogueLookup ?? null, `${detail.film}:${detail.frame}`);
  const matched = new Set((matching ?? []).map((line) => line.srt_index));
  const terms = search?.dialogue ? searchTerms(search.dialogue) : [];
  if (detail.subtitles.length === 0) return <p className="muted">No subtitle at {formatTimecode(detail.frame)}.</p>;
  return (
    <>
      {detail.subtitles.map((line: SubtitleLine) => {
        const hit = matched.has(line.srt_index);
        return (
          <blockquote key={line.srt_index} className={`subtitle${hit ? ' match' : ''}`}>
            <p>
              {hit
                ? highlightSegments(line.text, terms).map((segment, i) => (segment.hit ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>))
                : line.text}
            </p>
            <footer>
              #{line.srt_index} · {secondsToClock(line.start_seconds)} → {secondsToClock(line.end_seconds)}
              {hit && search?.dialogue && <span className="match-note"> · matches “{search.dialogue.text}”</span>}
            </footer>
          </blockquote>
        );
      })}
    </>
  );
}

/** The frame's palette with each colour's share, and the palette searches that start from it. */
export function FramePalette({ film, frame }: { film: string; frame: number }) {
  const search = useSearch();
  const palette = useFramePalette(film, frame);
  if (palette.state === 'loading') return <p className="muted">Loading the palette…</p>;
  if (palette.state === 'error') return <p className="state error">Could not load the palette: {palette.message}</p>;
  if (palette.state === 'none') return <p className="muted">Not analysed yet (npm run analyze).</p>;
  const tolerance = search ? (readPaletteFilter(search.api).tolerance ?? DEFAULT_PALETTE_TOLERANCE) : DEFAULT_PALETTE_TOLERANCE;
  const main = palette.palette.filter((c) => c.share >= MIN_SHARE).slice(0, MAX_PALETTE_COLOURS);
  return (
    <>
      <PaletteStrip palette={palette.palette} labelled className="frame-palette" />
      {search && (
        <div className="actions">
          <button
            type="button"
            className="small"
            title={`_palette_like=${film}:${frame}: frames whose palette is within ΔE ${tolerance} of this one (Earth Mover's Distance)`}
            onClick={() => search.change(PALETTE_KEYS, paletteEntries({ colours: [], tolerance, like: { film, frame } }))}
          >
            Palette like this
          </button>
          {main.length > 0 && (
            <button
              type="button"
              className="small"
              title="Frames whose palette contains each of these colours (the palette picker in the sidebar)"
              onClick={() => search.change(PALETTE_KEYS, paletteEntries({ colours: main.map((c) => c.hex), tolerance, like: null }))}
            >
              Find these colours
            </button>
          )}
        </div>
      )}
    </>
  );
}

/** The frame's faces, each with "more of this person": frames with a face within the distance, in this film or all. */
export function Faces({ detail, primary }: { detail: FrameDetail; primary: boolean }) {
  const search = useSearch();
  const current = search ? readFaceSearch(search.api) : null;
  const [distance, setDistance] = useState(current?.distance ?? DEFAULT_FACE_DISTANCE);
  const [scope, setScope] = useState<FaceScope>(() => (search ? faceScope(search.api, detail.film) : 'all'));
  if (detail.faces.length === 0) return <p className="muted">No face detected.</p>;
  const faceName = (index: number) => (primary && index === 0 ? 'Primary face' : `Face ${index + 1}`);
  return (
    <>
      <ol className="face-list">
        {detail.faces.map((f) => (
          <li key={f.face_index} className={primary && f.face_index === 0 ? 'primary' : undefined}>
            <span className="face-swatch" aria-hidden="true" />
            {faceName(f.face_index)}
            <span className="muted">
              {f.size === null ? '' : ` ${f.size}% of frame · `}
              {f.right - f.left}×{f.bottom - f.top}px at ({f.left}, {f.top})
            </span>
            {search && (
              <button
                type="button"
                className="small person-button"
                aria-label={`More of this person: ${faceName(f.face_index).toLowerCase()}`}
                onClick={() => {
                  const { keys, entries } = faceSearchChange({ face: { film: detail.film, frame: detail.frame, face: f.face_index }, distance }, scope);
                  search.change(keys, entries);
                }}
              >
                More of this person
              </button>
            )}
          </li>
        ))}
      </ol>
      {search && <FaceSearchControls film={detail.film} distance={distance} scope={scope} onDistance={setDistance} onScope={setScope} />}
    </>
  );
}

/** The primary face's cluster (the pipeline's recurring character): its name, to give or change, and its frames by name. */
export function Character({ detail }: { detail: FrameDetail }) {
  const search = useSearch();
  const characters = useCharacters();
  const cluster = detail.p_face_cluster;
  if (cluster === null) return <p className="muted">The primary face is in no cluster.</p>;
  const name = clusterName(characters, detail.film, cluster);
  return (
    <div className="frame-character">
      <p>
        {name ? <strong>{name}</strong> : 'Unnamed'} <span className="muted">· cluster {cluster} of {detail.film}</span>
      </p>
      {characters.state === 'ready' && <CharacterNameForm film={detail.film} cluster={cluster} name={name} />}
      {name && search && (
        <div className="actions">
          <button type="button" className="small" onClick={() => search.change(CHARACTER_KEYS, [['character', name]])}>
            Frames of {name}
          </button>
        </div>
      )}
    </div>
  );
}
