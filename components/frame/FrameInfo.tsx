import { FRAME_COLUMN_NAMES, FRAME_COLUMNS } from '@/lib/db/columns';
import type { FrameDetail } from '@/lib/query/frames';
import { Character, Faces, FramePalette, Subtitles } from './FrameSearch';

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toFixed(4)));
  return String(value);
}

/** Everything known about one frame: subtitles on screen, faces, and every column. */
export function FrameInfo({ detail, primary, onFilter }: { detail: FrameDetail; primary: boolean; onFilter: (entries: Array<[string, string]>) => void }) {
  const colour = [detail.red, detail.green, detail.blue].every((c) => typeof c === 'number') ? `rgb(${detail.red}, ${detail.green}, ${detail.blue})` : null;
  return (
    <div className="frame-info">
      <section aria-labelledby="fv-subtitles">
        <h3 id="fv-subtitles">On screen</h3>
        <Subtitles detail={detail} />
      </section>

      <section aria-labelledby="fv-faces">
        <h3 id="fv-faces">Faces ({detail.faces.length})</h3>
        <Faces detail={detail} primary={primary} />
      </section>

      {primary && (
        <section aria-labelledby="fv-character">
          <h3 id="fv-character">Name this character</h3>
          <Character detail={detail} />
        </section>
      )}

      <section aria-labelledby="fv-palette">
        <h3 id="fv-palette">Palette</h3>
        <FramePalette film={detail.film} frame={detail.frame} />
      </section>

      <section aria-labelledby="fv-filters">
        <h3 id="fv-filters">Find more like this</h3>
        <div className="actions">
          {detail.shot_id !== null && (
            <button type="button" className="small" onClick={() => onFilter([['film', detail.film], ['shot_id', String(detail.shot_id)]])}>
              This shot
            </button>
          )}
          {detail.shot_cluster !== null && (
            <button type="button" className="small" onClick={() => onFilter([['film', detail.film], ['shot_cluster', String(detail.shot_cluster)]])}>
              Similar shots
            </button>
          )}
          {detail.p_face_cluster !== null && (
            <button type="button" className="small" onClick={() => onFilter([['film', detail.film], ['p_face_cluster', String(detail.p_face_cluster)]])}>
              This character
            </button>
          )}
          {colour && detail.red !== null && detail.green !== null && detail.blue !== null && (
            <button
              type="button"
              className="small"
              onClick={() => onFilter([['_color', [detail.red, detail.green, detail.blue].map((c) => (c as number).toString(16).padStart(2, '0')).join('')], ['_color_distance', '10']])}
            >
              <span className="swatch" style={{ background: colour }} aria-hidden="true" /> This colour
            </button>
          )}
        </div>
      </section>

      <section aria-labelledby="fv-columns">
        <h3 id="fv-columns">Metadata</h3>
        <dl className="metadata">
          {FRAME_COLUMN_NAMES.map((column) => (
            <div key={column} title={FRAME_COLUMNS[column].about}>
              <dt>{column}</dt>
              <dd>{show((detail as unknown as Record<string, unknown>)[column])}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
