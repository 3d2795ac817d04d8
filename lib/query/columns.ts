/**
 * The columns of `frames` a query may filter, sort and facet on: the only
 * names ever spliced into SQL. This one table mirrors db/001_library.sql (a
 * test compares it with the live schema); the UI and the docs list it from here.
 */

export type ColumnType = 'integer' | 'real' | 'text';

export interface ColumnSpec {
  type: ColumnType;
  nullable: boolean;
  about: string;
}

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

type Spec<K extends FrameColumn> = (typeof FRAME_COLUMNS)[K];
type ValueOf<T extends ColumnType> = T extends 'text' ? string : number;

/** One `frames` row as SQLite returns it. */
export type FrameRow = {
  -readonly [K in FrameColumn]: Spec<K>['nullable'] extends true ? ValueOf<Spec<K>['type']> | null : ValueOf<Spec<K>['type']>;
};

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
