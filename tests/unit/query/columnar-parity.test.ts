/**
 * The columnar copy (lib/columnar) and SQLite answer every query alike.
 * fast-check draws random libraries (NULLs, ties, text whose UTF-8 byte order
 * differs from UTF-16's, frames with gaps) into real SQLite files, and random
 * queries from the filter registry (every column with every operator it
 * takes, every reserved filter, sorts both ways, offsets and cursors, facets,
 * histograms); each query is answered by both paths and the answers must be
 * equal: the same rows in the same order, totals, next cursors, facet counts
 * and histogram bins.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rgbToLab } from '@/lib/color/lab';
import { enableColumnar } from '@/lib/columnar/engine';
import { openDatabase, type DB } from '@/lib/db/connection';
import { columnType, FRAME_COLUMN_NAMES, type FrameColumn, type FrameRow } from '@/lib/db/columns';
import { FILTERS, OPERATORS } from '@/lib/query/filters';
import { queryFrames } from '@/lib/query/frames';
import { encodeCursor, parsePageRequest } from '@/lib/query/page';
import { ENCODING_SIZE } from '@/lib/faces/search';

// Film names are ASCII (lib/library/files.ts); text columns are not: UTF-8 byte order and UTF-16's
// disagree on the last two (U+E000 sorts before U+1D518 in UTF-16, after it in UTF-8).
const FILMS = ['a_film_2001', 'b_film_1999', 'emile_2003', 'zz_film_2010', 'zz_film_2011'];
const TEXTS = ['happy', 'Happy', 'ha%py', 'ha_py', 'sad', 'émue', '\u{1D518}', '\uE000'];
const WORDS = ['walk', 'talk', 'run', 'line', 'come'];

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 4, nil: null });

const frameArb = fc.record({
  faces_found: nullable(fc.integer({ min: 0, max: 4 })),
  prim_char_flag: nullable(fc.constantFrom(0, 1)),
  p_center_alignment: nullable(fc.constantFrom('left', 'right')),
  p_horizontal_distance: nullable(fc.constantFrom(0, 1.5, 12, 12.25, 400)),
  p_open_mouth: nullable(fc.constantFrom(0, 1)),
  p_face_cluster: nullable(fc.integer({ min: 0, max: 4 })),
  p_emotion: nullable(fc.constantFrom(...TEXTS)),
  p_face_size: nullable(fc.constantFrom(0.5, 1.25, 4, 4.1, 19.99, 20, 33.3)),
  blank: nullable(fc.constantFrom('black', 'white')),
  aspect_ratio: nullable(fc.constantFrom(1.78, 1.85, 2.39)),
  brightness: nullable(fc.integer({ min: 0, max: 255 })),
  contrast: nullable(fc.integer({ min: 0, max: 9 })),
  red: nullable(fc.constantFrom(0, 40, 200, 255)),
  green: nullable(fc.constantFrom(0, 120, 255)),
  blue: nullable(fc.constantFrom(0, 40, 255)),
  shot_cluster: nullable(fc.integer({ min: 0, max: 5 })),
  shot_id: nullable(fc.integer({ min: 1, max: 8 })),
  width: nullable(fc.constant(1920)),
  height: nullable(fc.constantFrom(800, 1080)),
  has_image: fc.constantFrom(0, 1),
});

type Generated = Omit<FrameRow, 'film' | 'frame' | 'lab_l' | 'lab_a' | 'lab_b'>;

const libraryArb = fc.record({
  films: fc.subarray(FILMS, { minLength: 1 }),
  frames: fc.array(fc.tuple(fc.nat({ max: 4 }), fc.integer({ min: 1, max: 60 }), frameArb), { minLength: 0, maxLength: 200 }),
  names: fc.array(fc.tuple(fc.nat({ max: 4 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom('Irving', 'Sydney', 'Émile')), { maxLength: 6 }),
  lines: fc.array(fc.tuple(fc.nat({ max: 4 }), fc.integer({ min: 1, max: 60 }), fc.nat({ max: 4 }), fc.subarray(WORDS, { minLength: 1 })), { maxLength: 12 }),
  selections: fc.array(
    fc.record({
      query: fc.constantFrom('', 'faces_found__gte=1', 'p_emotion=happy', 'brightness__lt=100&blank__isnull=1', '_color=c87828&_color_distance=40'),
      changes: fc.array(fc.tuple(fc.nat({ max: 4 }), fc.integer({ min: 1, max: 62 }), fc.constantFrom(0, 1)), { maxLength: 10 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  seed: fc.integer({ min: 1, max: 1000 }),
});

type LibrarySpec = typeof libraryArb extends fc.Arbitrary<infer T> ? T : never;

/** A random unit-ish vector, deterministic in `seed`, as the faces table stores encodings. */
function encoding(seed: number): Buffer {
  const values = new Float32Array(ENCODING_SIZE);
  let x = seed;
  for (let d = 0; d < ENCODING_SIZE; d++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    values[d] = ((x / 2147483648) - 0.5) * 0.18;
  }
  return Buffer.from(values.buffer);
}

interface Made {
  db: DB;
  keys: Array<{ film: string; frame: number }>;
  selectionIds: number[];
  faces: string[];
  hashed: string[];
}

function makeLibrary(spec: LibrarySpec): Made {
  const dir = mkdtempSync(path.join(tmpdir(), 'stillroom-parity-'));
  made.push(dir);
  const db = openDatabase(path.join(dir, 'library.db'));
  const films = spec.films;
  const rows = new Map<string, FrameRow>();
  for (const [filmIndex, frame, generated] of spec.frames) {
    const film = films[filmIndex % films.length];
    const g = generated as Generated;
    const lab = g.red === null || g.green === null || g.blue === null ? null : rgbToLab(g.red, g.green, g.blue);
    rows.set(`${film}:${frame}`, { film, frame, ...g, lab_l: lab?.l ?? null, lab_a: lab?.a ?? null, lab_b: lab?.b ?? null });
  }
  const selectionIds: number[] = [];
  const faces: string[] = [];
  const hashed: string[] = [];
  db.transaction(() => {
    for (const film of films) db.prepare("INSERT INTO films (film, frame_count, fingerprint, ingested_at) VALUES (?, 60, 't', 't')").run(film);
    const insertFrame = db.prepare(`INSERT INTO frames (${FRAME_COLUMN_NAMES.join(', ')}) VALUES (${FRAME_COLUMN_NAMES.map((c) => `@${c}`).join(', ')})`);
    for (const row of rows.values()) insertFrame.run(row);
    let n = 0;
    for (const row of rows.values()) {
      if (!row.faces_found) continue;
      n++;
      db.prepare('INSERT INTO faces (film, frame, face_index, top, right, bottom, left, size, encoding) VALUES (?, ?, 0, 10, 60, 60, 10, 1.5, ?)').run(
        row.film,
        row.frame,
        encoding(spec.seed + (n % 3)), // three people: some faces are near others
      );
      faces.push(`${row.film}:${row.frame}:0`);
      // Perceptual hashes from a handful of patterns, some a bit or two apart: near-duplicates across films.
      db.prepare(
        "INSERT INTO frame_hashes (film, frame, hash_hi, hash_lo, mean_l, mean_a, mean_b, source_size, source_mtime_ms, analyzed_at) VALUES (?, ?, ?, ?, 50, 0, 0, 1, 1, 't')",
      ).run(row.film, row.frame, 0x5a5a5a5a ^ (n % 4), 0x0f0f0f0f ^ ((n * 7) % 3 << 3));
      hashed.push(`${row.film}:${row.frame}`);
      if (n % 2 === 0) {
        const l = (n * 7) % 100;
        db.prepare(
          "INSERT INTO frame_palettes (film, frame, l1, a1, b1, s1, l2, a2, b2, s2, mean_l, mean_a, mean_b, source_size, source_mtime_ms, analyzed_at) VALUES (?, ?, ?, 10, -5, 0.6, 50, 0, 0, 0.4, ?, 6, -3, 1, 1, 't')",
        ).run(row.film, row.frame, l, l * 0.6 + 20);
      }
    }
    for (const [filmIndex, cluster, name] of spec.names) {
      db.prepare('INSERT OR REPLACE INTO character_names (film, cluster, name) VALUES (?, ?, ?)').run(films[filmIndex % films.length], cluster, name);
    }
    spec.lines.forEach(([filmIndex, first, length, words], i) => {
      db.prepare('INSERT INTO subtitles (film, srt_index, start_seconds, end_seconds, first_frame, last_frame, text) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        films[filmIndex % films.length],
        i + 1,
        first,
        first + length,
        first,
        first + length,
        words.join(' '),
      );
    });
    spec.selections.forEach(({ query, changes }, i) => {
      const id = Number(db.prepare("INSERT INTO selections (name, query, created_at, updated_at) VALUES (?, ?, 't', 't')").run(`s${i}`, query).lastInsertRowid);
      selectionIds.push(id);
      for (const [filmIndex, frame, state] of changes) {
        db.prepare('INSERT OR REPLACE INTO selection_changes (selection_id, film, frame, state) VALUES (?, ?, ?, ?)').run(id, films[filmIndex % films.length], frame, state);
      }
    });
  }).immediate();
  enableColumnar(db, 'sync');
  return { db, keys: [...rows.values()].map(({ film, frame }) => ({ film, frame })), selectionIds, faces, hashed };
}

/** Values a filter on `column` may compare with: the generator's own, and some no row holds. */
function valueArb(column: FrameColumn): fc.Arbitrary<string> {
  if (column === 'film') return fc.constantFrom(...FILMS, 'b_film', 'zz', 'B_FILM_1999');
  if (columnType(column) === 'text') return fc.constantFrom(...TEXTS, 'left', 'black', 'ha', 'PY', '%', '');
  if (column.startsWith('lab_')) return fc.constantFrom('0', '25.5', '50', '-20', '80');
  if (columnType(column) === 'integer') return fc.integer({ min: -1, max: 260 }).map(String);
  return fc.constantFrom('0', '1', '1.25', '4', '4.05', '12.25', '20', '2.39', '-1');
}

const columnFilterArb = fc
  .tuple(fc.constantFrom(...FRAME_COLUMN_NAMES), fc.constantFrom(...OPERATORS))
  .filter(([column, op]) => !op.textOnly || columnType(column) === 'text')
  .chain(([column, op]) => {
    const name = op.key === 'exact' ? column : `${column}__${op.key}`;
    if (op.argument === 'flag') return fc.constant([name, '1'] as [string, string]);
    if (op.argument === 'list') return fc.array(valueArb(column), { minLength: 1, maxLength: 3 }).map((vs) => [name, vs.filter((v) => v !== '').join(',') || '1'] as [string, string]);
    return valueArb(column).map((v) => [name, op.argument === 'value' && columnType(column) !== 'text' && v === '' ? '0' : v] as [string, string]);
  });

/** One generator per registry entry (keyed by its first parameter, '' for column filters): a test below checks none is missing. */
/** Absent three times in four: a query with every reserved filter at once would match nothing. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });
}

function reservedArbs(lib: Made): Record<string, fc.Arbitrary<Array<[string, string]>>> {
  const hex = fc.constantFrom('c87828', '000000', 'ffffff', '7f7f7f', '28c878');
  return {
    '': fc.array(columnFilterArb, { maxLength: 2 }),
    film: rarely(fc.subarray(FILMS, { minLength: 1, maxLength: 2 })).map((films) => (films ?? []).map((f) => ['film', f] as [string, string])),
    _in_selection: rarely(fc.tuple(fc.constantFrom('_in_selection', '_not_in_selection'), fc.constantFrom(...lib.selectionIds.map(String)))).map((p) => (p ? [p] : [])),
    _color: rarely(fc.tuple(hex, fc.constantFrom('5', '10', '40', '80'))).map((p) => (p ? [['_color', p[0]], ['_color_distance', p[1]]] : [])),
    character: rarely(fc.subarray(['Irving', 'Sydney', 'Émile', 'Nobody'])).map((names) => (names ?? []).map((n) => ['character', n] as [string, string])),
    _search: rarely(fc.constantFrom<Array<[string, string]>>([['_search', 'walk']], [['_search', 'line come']], [['_search', 'ru*'], ['_searchmode', 'raw']])).map((p) => p ?? []),
    _palette: rarely(fc.constantFrom<Array<[string, string]>>([['_palette', '808080'], ['_palette_tolerance', '60']], [['_palette', 'c87828']])).map((p) => p ?? []),
    _dupes_of:
      lib.hashed.length === 0 ? fc.constant([]) : rarely(fc.tuple(fc.constantFrom(...lib.hashed), fc.constantFrom('0', '3', '8'))).map((p) => (p ? [['_dupes_of', p[0]], ['_dupe_distance', p[1]]] : [])),
    _face_like: lib.faces.length === 0 ? fc.constant([]) : rarely(fc.tuple(fc.constantFrom(...lib.faces), fc.constantFrom('0', '0.3', '0.6'))).map((p) => (p ? [['_face_like', p[0]], ['_face_distance', p[1]]] : [])),
  };
}

const numericColumns = FRAME_COLUMN_NAMES.filter((c) => columnType(c) !== 'text');

const displayArb = fc.record({
  sort: fc.option(fc.tuple(fc.constantFrom('_sort', '_sort_desc'), fc.constantFrom(...FRAME_COLUMN_NAMES)), { nil: undefined }),
  size: fc.integer({ min: 0, max: 25 }),
  offset: rarely(fc.integer({ min: 0, max: 60 })),
  facets: fc.subarray(FRAME_COLUMN_NAMES, { maxLength: 3 }),
  histograms: fc.subarray(numericColumns, { maxLength: 2 }),
  collapse: rarely(fc.constantFrom('shot', 'dupes')),
  bins: fc.integer({ min: 1, max: 40 }),
});

function queryArb(lib: Made): fc.Arbitrary<URLSearchParams> {
  return fc.tuple(fc.record(reservedArbs(lib)), displayArb).map(([filters, display]) => {
    const params = new URLSearchParams(Object.values(filters).flat());
    if (display.sort) params.set(display.sort[0], display.sort[1]);
    params.set('_size', String(display.size));
    if (display.offset !== undefined) params.set('_offset', String(display.offset));
    for (const f of display.facets) params.append('_facet', f);
    for (const h of display.histograms) params.append('_histogram', h);
    if (display.histograms.length > 0) params.set('_bins', String(display.bins));
    if (display.collapse) params.set('_collapse', display.collapse);
    return params;
  });
}

/** A cursor for the query's sort at a made-up key: a value no row may hold, a film or frame that may not exist. */
function madeUpCursor(params: URLSearchParams, seed: number): string {
  const sort = parsePageRequest(params).sort;
  const [value, film, frame] = fc.sample(
    fc.tuple(sort ? fc.option(valueArb(sort.column), { nil: null }) : fc.constant(null), fc.constantFrom(...FILMS, 'b_film', 'zzz'), fc.integer({ min: 0, max: 62 })),
    { numRuns: 1, seed },
  )[0];
  const typed = value === null || !sort || columnType(sort.column) === 'text' ? value : Number(value);
  return encodeCursor(sort, { ...(sort ? { [sort.column]: typed } : {}), film, frame } as FrameRow);
}

function bothPaths(db: DB, params: URLSearchParams) {
  const attempt = (path: 'sql' | 'auto') => {
    try {
      return { answer: queryFrames(db, params, { path }) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  return { sql: attempt('sql'), columnar: attempt('auto') };
}

describe('the columnar copy and SQLite', () => {
  it('have a query generator for every filter of the registry', () => {
    const lib = makeLibrary({ films: [FILMS[0]], frames: [], names: [], lines: [], selections: [{ query: '', changes: [] }], seed: 1 });
    const covered = Object.keys(reservedArbs(lib));
    expect(FILTERS.map((entry) => entry.params[0] ?? '').sort()).toEqual(covered.sort());
    lib.db.close();
  });

  it('give the same answers to random queries over random libraries, pages followed by cursor included', () => {
    let compared = 0;
    let nonEmpty = 0;
    fc.assert(
      fc.property(libraryArb, fc.infiniteStream(fc.nat()), (spec, seeds) => {
        const lib = makeLibrary(spec);
        const queries = fc.sample(queryArb(lib), { numRuns: 30, seed: seeds.next().value });
        for (const params of queries) {
          const { sql, columnar } = bothPaths(lib.db, params);
          expect(columnar).toEqual(sql);
          compared++;
          if (!sql.answer) continue;
          if (sql.answer.frames.length > 0) nonEmpty++;
          // The next page by cursor, where there is one (a cursor excludes _offset); and from a
          // cursor whose key no row has (rows re-ingested between two pages), in the same order.
          const cursors = [sql.answer.next, madeUpCursor(params, seeds.next().value)].filter((c) => c !== null);
          for (const cursor of cursors) {
            const next = new URLSearchParams(params);
            next.delete('_offset');
            next.set('_next', cursor);
            const page = bothPaths(lib.db, next);
            expect(page.columnar).toEqual(page.sql);
          }
        }
        lib.db.close();
      }),
      { numRuns: 40, seed: 20261204 },
    );
    expect(compared).toBe(40 * 30);
    expect(nonEmpty).toBeGreaterThan(100);
  });
});
