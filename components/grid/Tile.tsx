import { memo, useState } from 'react';
import { containRect, thumbWidth } from '@/lib/ui/geometry';
import { formatTimecode } from '@/lib/timecode';
import { filmTitle, shortFilmTitle } from '@/lib/ui/film-title';
import { markClass, markLabel, TileMark, TileOpen } from '../curation/TileMark';
import { FaceBoxes } from '../FaceBoxes';
import type { Frame } from '../results/result-store';
import { useTileSearch } from '../search/SearchContext';
import { TileSearchNotes } from '../search/TileSearchNotes';
import './grid.css';

interface Props {
  frame: Frame | undefined;
  index: number;
  width: number;
  imageHeight: number;
  dpr: number;
  boxes: boolean;
  focusable: boolean;
  onOpen: (index: number) => void;
  onOpenGroup?: (query: string) => void;
  /** With a current selection, a click curates instead of opening (shift: a range). */
  onCurate?: (index: number, shift: boolean) => void;
}

/** Tiles narrower than this (the smallest sizes) name the film by its initials and year, the full title on hover, the timecode on a line of its own. */
const COMPACT_BELOW = 200;

export function thumbUrl(film: string, frame: number, width: number): string {
  return `/api/frames/${encodeURIComponent(film)}/${frame}/thumb?w=${width}`;
}

export function frameLabel(film: string, frame: number): string {
  return `${film}, frame ${frame} (${formatTimecode(frame)})`;
}

/** One thumbnail: film, frame number and timecode under it, face boxes over it. */
export const Tile = memo(function Tile({ frame, index, width, imageHeight, dpr, boxes, focusable, onOpen, onOpenGroup, onCurate }: Props) {
  const search = useTileSearch(frame, index);
  // Tiles are reused as the grid scrolls, so the failure is remembered for one image URL only.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  if (!frame) {
    return (
      <div role="gridcell" className="tile loading" style={{ width }} aria-busy="true">
        <div className="tile-image" style={{ height: imageHeight }} />
        <div className="tile-caption">
          <span className="skeleton-text" />
        </div>
      </div>
    );
  }
  const { film, frame: n, width: natW, height: natH, faces } = frame;
  const image = natW && natH ? containRect(width, imageHeight, natW, natH) : null;
  const src = thumbUrl(film, n, thumbWidth(width, dpr));
  const compact = width < COMPACT_BELOW;
  return (
    <div role="gridcell" className={`tile${markClass(frame.selection)}`} style={{ width }}>
      <button
        type="button"
        className="tile-button"
        data-index={index}
        tabIndex={focusable ? 0 : -1}
        onClick={(event) => (onCurate ? onCurate(index, event.shiftKey) : onOpen(index))}
        aria-label={frameLabel(film, n) + markLabel(frame.selection)}
        title={search.tooltip ?? undefined}
        aria-describedby={search.describedBy}
      >
        <span className="tile-image" style={{ height: imageHeight }}>
          {!frame.has_image ? (
            <span className="no-image">no JPEG</span>
          ) : failedSrc === src ? (
            <span className="no-image" role="note">
              JPEG missing: deleted or unreadable since the last ingest
            </span>
          ) : (
            <img src={src} alt={frameLabel(film, n)} decoding="async" draggable={false} onError={() => setFailedSrc(src)} />
          )}
          {boxes && image && natW && natH && (
            <FaceBoxes faces={faces} image={image} naturalWidth={natW} naturalHeight={natH} primary={frame.prim_char_flag === 1} compact={compact} />
          )}
          <TileMark mark={frame.selection} />
          <TileSearchNotes search={search} />
        </span>
        <span className={`tile-caption${compact ? ' compact' : ''}`}>
          <span className="tile-film" title={filmTitle(film)}>
            {compact ? shortFilmTitle(film, 0) : film}
          </span>
          <span className="tile-frame">#{n}</span>
          <span className="tile-time">{formatTimecode(n)}</span>
        </span>
      </button>
      {onCurate && <TileOpen index={index} label={frameLabel(film, n)} onOpen={onOpen} />}
      {frame.group && frame.group.size > 1 && frame.group.open && onOpenGroup && (
        // A collapsed tile stands for its group: "+7" more frames, which the badge opens.
        <button
          type="button"
          className="tile-group"
          tabIndex={focusable ? 0 : -1}
          onClick={() => onOpenGroup(frame.group?.open ?? '')}
          aria-label={`Open the ${frame.group.size} frames of this group`}
          title={`${frame.group.size} frames: open the group`}
        >
          +{frame.group.size - 1}
        </button>
      )}
    </div>
  );
});
