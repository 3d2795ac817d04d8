/**
 * The columns of the metadata tables, and the one source of their row types.
 * `FRAME_COLUMNS` are the columns of `frames` a query may filter, sort and
 * facet on: the only names ever spliced into SQL. These tables mirror
 * db/001_library.sql (a test compares them with the live schema); the UI and
 * the docs list the frame columns from here.
 */

export type ColumnType = 'integer' | 'real' | 'text';

export interface ColumnSpec {
  type: ColumnType;
  nullable: boolean;
  about: string;
}

/** A column of any table: faces hold a BLOB, which no query filters on. */
interface StoredColumn {
  type: ColumnType | 'blob';
  nullable: boolean;
}

type ValueOf<T extends StoredColumn['type']> = T extends 'text' ? string : T extends 'blob' ? Buffer : number;

/** One row of a table of `spec`, as SQLite returns it. */
export type RowOf<Spec extends Record<string, StoredColumn>> = {
  -readonly [K in keyof Spec]: Spec[K]['nullable'] extends true ? ValueOf<Spec[K]['type']> | null : ValueOf<Spec[K]['type']>;
};

export const FRAME_COLUMNS = {
  film: { type: 'text', nullable: false, about: 'snake_case title with year, e.g. the_hustle_2019' },
  frame: { type: 'integer', nullable: false, about: 'second of the film the frame shows (1, 2, 3 ...)' },
  faces_found: { type: 'integer', nullable: true, about: 'number of faces detected' },
  prim_char_flag: { type: 'integer', nullable: true, about: '1 when one face is clearly the primary character' },
  p_center_alignment: { type: 'text', nullable: true, about: "primary face entirely 'left' or 'right' of centre" },
  p_horizontal_distance: { type: 'real', nullable: true, about: "pixels from the centre line to the primary face's far edge" },
  p_open_mouth: { type: 'real', nullable: true, about: "1 when the primary character's mouth is open, 0 when closed" },
  p_face_cluster: { type: 'real', nullable: true, about: 'recurring character of the primary face (per film)' },
  p_emotion: { type: 'text', nullable: true, about: "primary face's dominant emotion (happy, sad, neutral ...)" },
  p_face_size: { type: 'real', nullable: true, about: 'primary face area as % of the frame' },
  blank: { type: 'text', nullable: true, about: "'black' or 'white' for a blank frame" },
  aspect_ratio: { type: 'real', nullable: true, about: 'picture aspect ratio without letterbox bars' },
  brightness: { type: 'integer', nullable: true, about: 'mean grey level 0-255' },
  contrast: { type: 'integer', nullable: true, about: 'standard deviation of grey levels' },
  red: { type: 'integer', nullable: true, about: 'mean red 0-255' },
  green: { type: 'integer', nullable: true, about: 'mean green 0-255' },
  blue: { type: 'integer', nullable: true, about: 'mean blue 0-255' },
  shot_cluster: { type: 'integer', nullable: true, about: 'cluster of visually similar frames' },
  shot_id: { type: 'integer', nullable: true, about: 'one camera shot: consecutive frames of one shot cluster' },
  width: { type: 'integer', nullable: true, about: 'JPEG width in pixels' },
  height: { type: 'integer', nullable: true, about: 'JPEG height in pixels' },
  has_image: { type: 'integer', nullable: false, about: '1 when the JPEG exists' },
  lab_l: { type: 'real', nullable: true, about: 'mean colour in CIELAB: lightness 0-100 (derived from red, green, blue)' },
  lab_a: { type: 'real', nullable: true, about: 'mean colour in CIELAB: green (-) to red (+)' },
  lab_b: { type: 'real', nullable: true, about: 'mean colour in CIELAB: blue (-) to yellow (+)' },
} as const satisfies Record<string, ColumnSpec>;

export type FrameColumn = keyof typeof FRAME_COLUMNS;

/** In table order: the order of the SELECT list and of the API's frame objects. */
export const FRAME_COLUMN_NAMES = Object.keys(FRAME_COLUMNS) as FrameColumn[];

/** Every column but the frame's key (film, frame): what a frame says about itself. */
export const METADATA_COLUMN_NAMES = FRAME_COLUMN_NAMES.filter((c) => c !== 'film' && c !== 'frame');

/** One `frames` row as SQLite returns it. */
export type FrameRow = RowOf<typeof FRAME_COLUMNS>;

/** face_df's faces, one row a face: face_recognition's box, its face_sizes value and its encoding. */
export const FACE_COLUMNS = {
  film: { type: 'text', nullable: false },
  frame: { type: 'integer', nullable: false },
  face_index: { type: 'integer', nullable: false },
  top: { type: 'integer', nullable: false },
  right: { type: 'integer', nullable: false },
  bottom: { type: 'integer', nullable: false },
  left: { type: 'integer', nullable: false },
  size: { type: 'real', nullable: true },
  /** 128 little-endian float32: half the size of float64, and far finer than the 0.6 match threshold. */
  encoding: { type: 'blob', nullable: true },
} as const satisfies Record<string, StoredColumn>;

export type FaceRow = RowOf<typeof FACE_COLUMNS>;

/** srt_df's lines with the frames they cover: round(start) .. round(end) seconds. */
export const SUBTITLE_COLUMNS = {
  film: { type: 'text', nullable: false },
  srt_index: { type: 'integer', nullable: false },
  start_seconds: { type: 'real', nullable: false },
  end_seconds: { type: 'real', nullable: false },
  first_frame: { type: 'integer', nullable: false },
  last_frame: { type: 'integer', nullable: false },
  text: { type: 'text', nullable: false },
} as const satisfies Record<string, StoredColumn>;

export type SubtitleRow = RowOf<typeof SUBTITLE_COLUMNS>;

/** The column named `name`, or undefined; safe against names like `__proto__`. */
export function frameColumn(name: string): FrameColumn | undefined {
  return Object.hasOwn(FRAME_COLUMNS, name) ? (name as FrameColumn) : undefined;
}

export function columnType(column: FrameColumn): ColumnType {
  return FRAME_COLUMNS[column].type;
}

/** Double-quoted for SQL; allow-listed names are plain identifiers, so no escaping is needed. */
export function quoted(column: FrameColumn): string {
  return `"${column}"`;
}

/** Every column, for `SELECT ${FRAME_SELECT_LIST} FROM frames`: named, so a later migration's column cannot leak out untyped. */
export const FRAME_SELECT_LIST = FRAME_COLUMN_NAMES.map(quoted).join(', ');
