import { FRAME_COLUMN_NAMES, FRAME_COLUMNS } from '@/lib/query/columns';
import type { FrameDetail } from '@/lib/query/frames';
import { formatTimecode } from '@/lib/timecode';

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toFixed(4)));
  return String(value);
}

function secondsToClock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${formatTimecode(whole)}.${String(Math.round((seconds - whole) * 1000)).padStart(3, '0')}`;
}

/** Everything known about one frame: subtitles on screen, faces, and every column. */
export function FrameInfo({ detail, primary, onFilter }: { detail: FrameDetail; primary: boolean; onFilter: (entries: Array<[string, string]>) => void }) {
  const colour = [detail.red, detail.green, detail.blue].every((c) => typeof c === 'number') ? `rgb(${detail.red}, ${detail.green}, ${detail.blue})` : null;
  return (
    <div className="frame-info">
      <section aria-labelledby="fv-subtitles">
        <h3 id="fv-subtitles">On screen</h3>
        {detail.subtitles.length === 0 ? (
          <p className="muted">No subtitle at {formatTimecode(detail.frame)}.</p>
        ) : (
          detail.subtitles.map((line) => (
            <blockquote key={line.srt_index} className="subtitle">
              <p>{line.text}</p>
              <footer>
                #{line.srt_index} · {secondsToClock(line.start_seconds)} → {secondsToClock(line.end_seconds)}
              </footer>
            </blockquote>
          ))
        )}
      </section>

      <section aria-labelledby="fv-faces">
        <h3 id="fv-faces">Faces ({detail.faces.length})</h3>
        {detail.faces.length === 0 ? (
          <p className="muted">No face detected.</p>
        ) : (
          <ol className="face-list">
            {detail.faces.map((f) => (
              <li key={f.face_index} className={primary && f.face_index === 0 ? 'primary' : undefined}>
                <span className="face-swatch" aria-hidden="true" />
                {primary && f.face_index === 0 ? 'Primary face' : `Face ${f.face_index + 1}`}
                <span className="muted">
                  {f.size === null ? '' : ` ${f.size}% of frame · `}
                  {f.right - f.left}×{f.bottom - f.top}px at ({f.left}, {f.top})
                </span>
              </li>
            ))}
          </ol>
        )}
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
