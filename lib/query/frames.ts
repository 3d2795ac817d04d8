/**
 * Named read queries over the ingested library: what the API routes, the UI
 * and the CLI scripts call. Each request reads inside one transaction, so
 * its total, page, facets and faces come from the same snapshot even while
 * an ingest writes (WAL). The total, page, facets and histograms come from
 * the columnar copy when one is current (lib/columnar), else from SQLite;
 * the two agree on every query (docs/query-api.md, "How queries are answered").
 */
import { facetOf, histogramOf, pageRows } from './columnar-answer';
import { columnarFor } from '@/lib/columnar/engine';
import { selectRows } from './columnar-evaluate';
import { frameRow } from '@/lib/columnar/frame-columns';
import type { Columnar } from '@/lib/columnar/masks';
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { FRAME_SELECT_LIST, type FaceRow, type FrameRow, type SubtitleRow } from '@/lib/db/columns';
import { QueryError } from '@/lib/errors';
import { facetCounts, type FacetValue } from './facets';
import { collapseWhere, type FrameGroup } from './collapse';
import { histogram, parseHistogramRequest, type Histogram, type HistogramRequest } from './histogram';
import { buildWhere, describeWhere, selectionWhere, type WhereClause } from './filters';
import { encodeCursor, pageQuery, parsePageRequest, sortedOrderQuery, whereSql, type PageRequest } from './page';
import { markedSelection, markFrames, selectionLookup, type SelectionMark } from './selection-filter';
import { framesAt, sortedRowids } from './sorted-order';
import { cachedStatement } from './statements';

export { QueryError };
export type { FacetValue, FrameRow, Histogram, SelectionMark };

/** [top, right, bottom, left] in pixels, face_recognition's order. */
export type FaceBox = [number, number, number, number];

export interface FramesPage {
  total: number;
  /** `selection` is there only when `_mark` asked for it, `group` only with `_collapse`. */
  frames: Array<FrameRow & { faces: FaceBox[]; selection?: SelectionMark; group?: FrameGroup }>;
  next: string | null;
  facets: Record<string, FacetValue[]>;
  histograms: Record<string, Histogram>;
  where: string;
}

export type FaceDetail = Omit<FaceRow, 'film' | 'frame' | 'encoding'>;

export type SubtitleLine = Pick<SubtitleRow, 'srt_index' | 'start_seconds' | 'end_seconds' | 'text'>;

export interface FrameDetail extends FrameRow {
  faces: FaceDetail[];
  subtitles: SubtitleLine[];
  /** The previous and next frame numbers of the same film (frames may be missing), null at the ends. */
  neighbours: { previous: number | null; next: number | null };
}

export interface FilmSummary {
  film: string;
  frame_count: number;
  frames_with_images: number;
  problems: string[];
}


function prepare(db: DB) {
  return {
    frame: db.prepare<[string, number], FrameRow>(`SELECT ${FRAME_SELECT_LIST} FROM frames WHERE film = ? AND frame = ?`),
    exists: db.prepare<[string, number], { found: 1 }>('SELECT 1 AS found FROM frames WHERE film = ? AND frame = ?'),
    // The page's (film, frame) pairs arrive as one JSON array, so one statement serves any page size.
    pageFaces: db.prepare<[string], Omit<FaceRow, 'encoding'>>(
      'SELECT fc.film, fc.frame, fc.face_index, fc.top, fc.right, fc.bottom, fc.left, fc.size ' +
        'FROM json_each(?) AS page ' +
        "JOIN faces AS fc ON fc.film = json_extract(page.value, '$[0]') AND fc.frame = json_extract(page.value, '$[1]') " +
        'ORDER BY fc.film, fc.frame, fc.face_index',
    ),
    films: db.prepare<[], { film: string; frame_count: number; frames_with_images: number; problems: string }>(
      'SELECT f.film, f.frame_count, ' +
        '(SELECT count(*) FROM frames WHERE frames.film = f.film AND frames.has_image = 1) AS frames_with_images, ' +
        'f.problems FROM films AS f ORDER BY f.film',
    ),
    frameFaces: db.prepare<[string, number], FaceDetail>(
      'SELECT face_index, top, right, bottom, left, size FROM faces WHERE film = ? AND frame = ? ORDER BY face_index',
    ),
    frameSubtitles: db.prepare<{ film: string; frame: number }, SubtitleLine>(
      'SELECT srt_index, start_seconds, end_seconds, text FROM subtitles ' +
        'WHERE film = @film AND first_frame <= @frame AND last_frame >= @frame ORDER BY start_seconds, srt_index',
    ),
    neighbours: db.prepare<{ film: string; frame: number }, { previous: number | null; next: number | null }>(
      'SELECT (SELECT max(frame) FROM frames WHERE film = @film AND frame < @frame) AS previous, ' +
        '(SELECT min(frame) FROM frames WHERE film = @film AND frame > @frame) AS next',
    ),
  };
}

const statements = preparedFor(prepare);

function frameKey(film: string, frame: number): string {
  return `${frame}:${film}`;
}

interface Counted {
  total: number;
  /** Up to size + 1 rows. */
  rows: FrameRow[];
  facets: Record<string, FacetValue[]>;
  histograms: Record<string, Histogram>;
}

/** The answer from SQLite: the reference every other path must agree with. */
function countedBySql(db: DB, where: WhereClause, request: PageRequest, histogramRequest: HistogramRequest): Counted {
  const page = pageQuery(where, request);
  const count = `SELECT count(*) AS total FROM frames${whereSql(where)}`;
  // A window into a sort: slice the kept order, if there is one, rather than sort again (see sorted-order.ts).
  const order = request.sort && request.offset > 0 && request.size > 0 ? sortedOrderQuery(where, request.sort) : null;
  const rowids = order ? sortedRowids(db, order.sql, order.params, request.offset) : null;
  const total = rowids ? rowids.length : (cachedStatement(db, count).get(...where.params) as { total: number }).total;
  const rows =
    request.size === 0
      ? []
      : rowids
        ? framesAt(db, rowids, request.offset, request.size + 1)
        : (cachedStatement(db, page.sql).all(...page.params) as FrameRow[]);
  const facets: Record<string, FacetValue[]> = {};
  for (const column of request.facets) facets[column] = facetCounts(db, where, column);
  const histograms: Record<string, Histogram> = {};
  for (const column of histogramRequest.columns) histograms[column] = histogram(db, where, column, histogramRequest.bins);
  return { total, rows, facets, histograms };
}

/** The same answer from the columnar copy (lib/columnar): every condition's mask, then one pass per facet. */
function countedByColumns(columnar: Columnar, where: WhereClause, request: PageRequest, histogramRequest: HistogramRequest): Counted {
  const selected = selectRows(columnar, where.conditions);
  const page = pageRows(columnar, selected, request);
  const facets: Record<string, FacetValue[]> = {};
  for (const column of request.facets) facets[column] = facetOf(columnar, selected, column);
  const histograms: Record<string, Histogram> = {};
  for (const column of histogramRequest.columns) histograms[column] = histogramOf(columnar, selected, column, histogramRequest.bins);
  return { total: page.total, rows: page.rows.map((row) => frameRow(columnar.frames, row)), facets, histograms };
}

export interface QueryOptions {
  /** 'auto' (the default) answers from the columnar copy when one is current, else SQLite; 'sql' always asks SQLite. */
  path?: 'auto' | 'sql';
}

/** One page of the frames matching `params` (Datasette's filter syntax; see docs/query-api.md). Throws QueryError on a bad parameter. */
export function queryFrames(db: DB, params: URLSearchParams, options: QueryOptions = {}): FramesPage {
  const context = selectionLookup(db);
  const filtered = buildWhere(params, context);
  const marked = markedSelection(params, context);
  const markedQuery = marked ? selectionWhere('_mark', marked) : null;
  const request = parsePageRequest(params);
  const histogramRequest = parseHistogramRequest(params);
  return db.transaction((): FramesPage => {
    const columnar = options.path === 'sql' ? null : columnarFor(db);
    const collapsed = collapseWhere(db, filtered, params, columnar);
    const where = collapsed?.where ?? filtered;
    const { total, rows, facets, histograms } = columnar
      ? countedByColumns(columnar, where, request, histogramRequest)
      : countedBySql(db, where, request, histogramRequest);
    const more = rows.length > request.size;
    if (more) rows.pop();
    const faces = new Map<string, FaceBox[]>();
    const pairs = JSON.stringify(rows.map((row) => [row.film, row.frame]));
    for (const face of statements(db).pageFaces.all(pairs)) {
      const key = frameKey(face.film, face.frame);
      const boxes = faces.get(key) ?? [];
      boxes.push([face.top, face.right, face.bottom, face.left]);
      faces.set(key, boxes);
    }
    const mark = marked && markedQuery ? markFrames(db, marked.id, markedQuery, rows) : null;
    return {
      total,
      frames: rows.map((row) => {
        const grouped = collapsed ? { group: collapsed.groupOf(row.film, row.frame) } : {};
        const frame = { ...row, faces: faces.get(frameKey(row.film, row.frame)) ?? [], ...grouped };
        return mark ? { ...frame, selection: mark(row.film, row.frame) } : frame;
      }),
      next: more ? encodeCursor(request.sort, rows[rows.length - 1]) : null,
      facets,
      histograms,
      where: describeWhere(where.descriptions),
    };
  })();
}

function parseProblems(film: string, json: string): string[] {
  let problems: unknown;
  try {
    problems = JSON.parse(json);
  } catch {
    problems = undefined;
  }
  if (!Array.isArray(problems) || !problems.every((p) => typeof p === 'string')) {
    throw new Error(`films.problems of ${JSON.stringify(film)} is not a JSON array of strings: ${json.slice(0, 200)}`);
  }
  return problems;
}

export function listFilms(db: DB): FilmSummary[] {
  return statements(db)
    .films.all()
    .map((row) => ({ ...row, problems: parseProblems(row.film, row.problems) }));
}

/** Whether the library has this frame: the file routes ask before they touch the disk. */
export function frameExists(db: DB, film: string, frame: number): boolean {
  return statements(db).exists.get(film, frame) !== undefined;
}

export function getFrame(db: DB, film: string, frame: number): FrameDetail | null {
  const s = statements(db);
  return db.transaction((): FrameDetail | null => {
    const row = s.frame.get(film, frame);
    if (!row) return null;
    return {
      ...row,
      faces: s.frameFaces.all(film, frame),
      subtitles: s.frameSubtitles.all({ film, frame }),
      neighbours: s.neighbours.get({ film, frame }) as { previous: number | null; next: number | null },
    };
  })();
}
