import { METADATA_COLUMN_NAMES } from '@/lib/db/columns';
import { TILE_MAX, TILE_MIN, type ViewMode } from '@/lib/ui/url-state';
import { PaletteToggle } from '../search/PaletteToggle';
import { ColumnPicker } from '../table/ColumnPicker';

interface Props {
  total: number | null;
  where: string;
  pending: boolean;
  mode: ViewMode;
  tile: number;
  boxes: boolean;
  sort: { column: string; desc: boolean } | null;
  /** `_collapse`: one frame per shot or per near-duplicate group, or every frame. */
  collapse: string | null;
  columns: readonly string[];
  onMode: (mode: ViewMode) => void;
  onTile: (tile: number) => void;
  onBoxes: (on: boolean) => void;
  onSort: (sort: { column: string; desc: boolean } | null) => void;
  onCollapse: (collapse: string | null) => void;
  onColumns: (columns: string[]) => void;
}

/** The count and the "where ..." sentence, always in view, with the view controls. */
export function ResultsHeader({ total, where, pending, mode, tile, boxes, sort, collapse, columns, onMode, onTile, onBoxes, onSort, onCollapse, onColumns }: Props) {
  return (
    <header className="results-head">
      <div className="summary" aria-live="polite" aria-busy={pending}>
        <p className="count">
          <strong data-testid="result-count">{total === null ? '…' : total.toLocaleString('en')}</strong>{' '}
          {collapse === 'shot' ? (total === 1 ? 'shot' : 'shots') : collapse === 'dupes' ? (total === 1 ? 'group' : 'groups') : total === 1 ? 'frame' : 'frames'}
          {pending && <span className="spinner" aria-label="Updating" />}
        </p>
        <p className="where" data-testid="result-where">
          {where || 'all frames of the library'}
        </p>
      </div>
      <div className="toolbar">
        <div className="segmented view-switch" role="radiogroup" aria-label="View">
          {(['grid', 'table'] as const).map((m) => (
            <label key={m} className={mode === m ? 'on' : undefined}>
              <input type="radio" name="view-mode" value={m} checked={mode === m} onChange={() => onMode(m)} />
              <span>{m === 'grid' ? 'Grid' : 'Table'}</span>
            </label>
          ))}
        </div>
        <label className="field inline">
          <span>Show</span>
          <select value={collapse ?? ''} onChange={(e) => onCollapse(e.currentTarget.value || null)} aria-label="Show">
            <option value="">every frame</option>
            <option value="shot">one per shot</option>
            <option value="dupes">one per near-duplicate group</option>
          </select>
        </label>
        <label className="field inline">
          <span>Sort</span>
          <select
            value={sort?.column ?? ''}
            onChange={(e) => onSort(e.currentTarget.value ? { column: e.currentTarget.value, desc: sort?.desc ?? false } : null)}
          >
            <option value="">film, frame</option>
            {METADATA_COLUMN_NAMES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="ghost icon-button"
          disabled={!sort}
          onClick={() => sort && onSort({ ...sort, desc: !sort.desc })}
          aria-label={sort?.desc ? 'Descending; sort ascending' : 'Ascending; sort descending'}
          title="Sort direction"
        >
          {sort?.desc ? '↓' : '↑'}
        </button>
        {mode === 'grid' ? (
          <>
            <label className="field inline tile-size">
              <span>Size</span>
              <input type="range" min={TILE_MIN} max={TILE_MAX} step={10} value={tile} onChange={(e) => onTile(Number(e.currentTarget.value))} aria-label="Tile size" />
            </label>
            <label className="check">
              <input type="checkbox" checked={boxes} onChange={(e) => onBoxes(e.currentTarget.checked)} />
              Face boxes
            </label>
            <PaletteToggle />
          </>
        ) : (
          <ColumnPicker visible={columns} onChange={onColumns} />
        )}
      </div>
    </header>
  );
}
