import type { ColumnDef } from '@tanstack/react-table';
import { FRAME_COLUMN_NAMES, FRAME_COLUMNS, type FrameColumn } from '@/lib/db/columns';
import { formatTimecode } from '@/lib/timecode';
import { thumbWidth } from '@/lib/ui/geometry';
import type { Frame } from '../results/result-store';
import { markLabel, TileMark } from '../curation/TileMark';
import { frameLabel, thumbUrl } from '../grid/Tile';

export const THUMB_COLUMN = 'thumb';
export const TIMECODE_COLUMN = 'timecode';

export const DEFAULT_TABLE_COLUMNS = [
  THUMB_COLUMN,
  'film',
  'frame',
  TIMECODE_COLUMN,
  'faces_found',
  'prim_char_flag',
  'p_face_size',
  'p_emotion',
  'p_center_alignment',
  'p_open_mouth',
  'brightness',
  'contrast',
  'aspect_ratio',
  'shot_id',
];

const THUMB_CSS_WIDTH = 64;

function formatValue(column: FrameColumn, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && FRAME_COLUMNS[column].type === 'real') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return String(value);
}

/** Every column the table can show: a thumbnail, the timecode, and every column of `frames` (sortable by the API). */
export function tableColumns(open: (index: number) => void, dpr: number): Array<ColumnDef<TableRow>> {
  const width = thumbWidth(THUMB_CSS_WIDTH, dpr);
  return [
    {
      id: THUMB_COLUMN,
      header: 'Still',
      size: THUMB_CSS_WIDTH + 16,
      enableSorting: false,
      cell: ({ row }) => {
        const { frame, index } = row.original;
        if (!frame) return <span className="table-thumb skeleton" />;
        return (
          <button type="button" className="table-thumb" data-index={index} onClick={() => open(index)} aria-label={`Open ${frameLabel(frame.film, frame.frame)}${markLabel(frame.selection)}`}>
            {frame.has_image ? <img src={thumbUrl(frame.film, frame.frame, width)} alt="" decoding="async" /> : null}
            <TileMark mark={frame.selection} />
          </button>
        );
      },
    },
    {
      id: TIMECODE_COLUMN,
      header: 'Timecode',
      size: 92,
      enableSorting: false,
      cell: ({ row }) => (row.original.frame ? formatTimecode(row.original.frame.frame) : ''),
    },
    ...FRAME_COLUMN_NAMES.map(
      (column): ColumnDef<TableRow> => ({
        id: column,
        header: column,
        size: column === 'film' ? 170 : Math.max(88, Math.round(column.length * 7.6 + 34)),
        accessorFn: (row) => row.frame?.[column] ?? null,
        cell:
          column === 'frame'
            ? ({ row }) =>
                row.original.frame ? (
                  <button type="button" className="link-button" onClick={() => open(row.original.index)} aria-label={`Open ${frameLabel(row.original.frame.film, row.original.frame.frame)}`}>
                    {row.original.frame.frame}
                  </button>
                ) : null
            : ({ getValue }) => formatValue(column, getValue()),
        meta: { numeric: FRAME_COLUMNS[column].type !== 'text', about: FRAME_COLUMNS[column].about },
      }),
    ),
  ];
}

export interface TableRow {
  index: number;
  frame: Frame | undefined;
}

export const ALL_TABLE_COLUMNS = [THUMB_COLUMN, TIMECODE_COLUMN, ...FRAME_COLUMN_NAMES];

export function columnTitle(id: string): string {
  if (id === THUMB_COLUMN) return 'Still (thumbnail)';
  if (id === TIMECODE_COLUMN) return 'Timecode';
  return id;
}
