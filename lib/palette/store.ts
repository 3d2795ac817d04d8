/**
 * Reads and writes frame_palettes (db/004_search.sql): one row per analysed
 * frame, colours in five slots of L, a, b, share and display sRGB.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { meanColour } from './distance';
import { PALETTE_SIZE, type Palette } from './extract';

const SLOTS = Array.from({ length: PALETTE_SIZE }, (_, i) => i + 1);

/** The colour columns in slot order: l1, a1, b1, s1, l2 ... the layout of a packed palette. */
export const PALETTE_COLOUR_COLUMNS = SLOTS.flatMap((i) => [`l${i}`, `a${i}`, `b${i}`, `s${i}`]);
const RGB_COLUMNS = SLOTS.map((i) => `rgb${i}`);

/** The JPEG a palette was computed from: a changed size or mtime means it must be redone. */
export interface SourceIdentity {
  size: number;
  mtimeMs: number;
}

export interface PaletteRecord {
  film: string;
  frame: number;
  source: SourceIdentity;
  /** null when the image could not be analysed; `problem` says why. */
  palette: Palette | null;
  problem: string | null;
}

type Row = Record<string, number | string | null>;

function prepare(db: DB) {
  const columns = ['film', 'frame', ...PALETTE_COLOUR_COLUMNS, ...RGB_COLUMNS, 'mean_l', 'mean_a', 'mean_b', 'source_size', 'source_mtime_ms', 'problem', 'analyzed_at'];
  const updates = columns.filter((c) => c !== 'film' && c !== 'frame').map((c) => `${c} = excluded.${c}`);
  const select = `${PALETTE_COLOUR_COLUMNS.join(', ')}, ${RGB_COLUMNS.join(', ')}`;
  return {
    upsert: db.prepare<Row>(
      `INSERT INTO frame_palettes (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')}) ` +
        `ON CONFLICT (film, frame) DO UPDATE SET ${updates.join(', ')}`,
    ),
    one: db.prepare<[string, number], Row>(`SELECT ${select}, problem FROM frame_palettes WHERE film = ? AND frame = ?`),
    // The frames arrive as one JSON array of [film, frame] pairs, so one statement serves any page.
    many: db.prepare<[string], Row>(
      `SELECT p.film, p.frame, ${select} FROM json_each(?) AS page ` +
        'JOIN frame_palettes AS p ON p.film = page.value ->> 0 AND p.frame = page.value ->> 1',
    ),
  };
}

const statements = preparedFor(prepare);

function toRow(record: PaletteRecord, analyzedAt: string): Row {
  const row: Row = {
    film: record.film,
    frame: record.frame,
    source_size: record.source.size,
    source_mtime_ms: record.source.mtimeMs,
    problem: record.problem,
    analyzed_at: analyzedAt,
  };
  const palette = record.palette ?? [];
  SLOTS.forEach((slot, i) => {
    const colour = palette[i];
    row[`l${slot}`] = colour?.l ?? null;
    row[`a${slot}`] = colour?.a ?? null;
    row[`b${slot}`] = colour?.b ?? null;
    row[`s${slot}`] = colour?.share ?? null;
    row[`rgb${slot}`] = colour ? parseInt(colour.hex, 16) : null;
  });
  const mean = palette.length > 0 ? meanColour(palette) : null;
  row.mean_l = mean?.l ?? null;
  row.mean_a = mean?.a ?? null;
  row.mean_b = mean?.b ?? null;
  return row;
}

function fromRow(row: Row): Palette {
  const palette: Palette = [];
  for (const slot of SLOTS) {
    const share = row[`s${slot}`];
    if (share === null) break;
    palette.push({
      l: row[`l${slot}`] as number,
      a: row[`a${slot}`] as number,
      b: row[`b${slot}`] as number,
      share: share as number,
      hex: (row[`rgb${slot}`] as number).toString(16).padStart(6, '0'),
    });
  }
  return palette;
}

/** Writes analysis results in one immediate transaction. */
export function writePalettes(db: DB, records: readonly PaletteRecord[]): void {
  const { upsert } = statements(db);
  const analyzedAt = new Date().toISOString();
  db.transaction(() => {
    for (const record of records) upsert.run(toRow(record, analyzedAt));
  }).immediate();
}

/** A frame's palette; null when the frame has not been analysed or its image could not be. */
export function readPalette(db: DB, film: string, frame: number): Palette | null {
  const row = statements(db).one.get(film, frame);
  return row && row.problem === null ? fromRow(row) : null;
}

/** The palettes of a page of frames, in one statement: a lookup giving null for frames without one. */
export function readPalettes(db: DB, frames: ReadonlyArray<{ film: string; frame: number }>): (film: string, frame: number) => Palette | null {
  const found = new Map<string, Palette>();
  const rows = statements(db).many.all(JSON.stringify(frames.map((f) => [f.film, f.frame])));
  for (const row of rows) if (row.s1 !== null) found.set(`${row.frame}:${row.film}`, fromRow(row));
  return (film, frame) => found.get(`${frame}:${film}`) ?? null;
}
