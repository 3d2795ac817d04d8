/**
 * `_search=<text>`: frames on screen while a subtitle line matching the text
 * is spoken (SQLite FTS5 over subtitles.text; Datasette's name for full-text
 * search). A line covers frames first_frame..last_frame, its times rounded
 * to whole seconds as docs/data-model.md says.
 *
 * By default the text is taken as words, each quoted, so punctuation never
 * makes a syntax error: `_search=you'd come` finds lines with both "you'd"
 * and "come", in any order, any case, accents ignored. English words are
 * stemmed (the index's porter tokenizer, db/009): "walking" finds "walked";
 * a word ending in `*` is a prefix. `_searchmode=raw`
 * passes the text to FTS5 as a query (phrases, OR, NOT, NEAR, prefix*),
 * checked here so a bad one is a QueryError, not a server error.
 */
import Database from 'better-sqlite3';
import type { DB } from '@/lib/db/connection';
import { emptyMask } from '@/lib/columnar/masks';
import { preparedFor } from '@/lib/db/prepared';
import { framesOnlyKey, single, type Condition } from './condition';
import { QueryError } from '@/lib/errors';
import type { FilterEntry } from './filter-entry';

export const SEARCH_PARAMS = ['_search', '_searchmode'] as const;

export interface ParsedSearch {
  /** The FTS5 query bound to MATCH. */
  match: string;
  /** What the user typed. */
  text: string;
  raw: boolean;
}

/**
 * Words as quoted FTS5 strings, a trailing `*` kept outside the quotes as
 * FTS5's prefix mark; a "word" of punctuation alone would match nothing, so
 * it is dropped.
 */
function quotedWords(text: string): string {
  return text
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => {
      const prefix = /[\p{L}\p{N}]\*+$/u.test(word);
      const bare = prefix ? word.replace(/\*+$/, '') : word;
      return `"${bare.replace(/"/g, '""')}"${prefix ? '*' : ''}`;
    })
    .join(' ');
}

// An empty FTS5 table shaped like subtitles_fts: MATCH parses the query against it, touching no file.
let checker: Database.Statement<[string]> | undefined;

function checkRawQuery(match: string): void {
  if (!checker) {
    const memory = new Database(':memory:');
    memory.exec("CREATE VIRTUAL TABLE subtitles_fts USING fts5 (text, tokenize = 'porter unicode61 remove_diacritics 2')");
    checker = memory.prepare<[string]>('SELECT count(*) FROM subtitles_fts WHERE subtitles_fts MATCH ?');
  }
  try {
    checker.get(match);
  } catch (error) {
    throw new QueryError('_search', `is not a valid FTS5 query (${(error as Error).message}); leave out _searchmode=raw to search for the words as typed`);
  }
}

/** `_search` and `_searchmode` read and checked, or null when `_search` is not given. */
export function parseSearch(params: URLSearchParams): ParsedSearch | null {
  const text = single(params, '_search');
  const mode = single(params, '_searchmode');
  if (mode !== null && mode !== 'raw') throw new QueryError('_searchmode', `must be raw (an FTS5 query) or left out (words), got ${JSON.stringify(mode)}`);
  if (text === null) {
    if (mode !== null) throw new QueryError('_searchmode', 'needs _search: the text to search for');
    return null;
  }
  if (mode === 'raw') {
    checkRawQuery(text);
    return { match: text, text, raw: true };
  }
  const match = quotedWords(text);
  if (match === '') throw new QueryError('_search', `needs at least one word to search for, got ${JSON.stringify(text)}`);
  return { match, text, raw: false };
}

/**
 * Driven by the index: the matching lines first, then the frames each
 * covers, found by range on frames' primary key. Cheap however many frames
 * the library has.
 */
const MATCHING_FRAMES =
  'SELECT s.film, f.frame FROM subtitles_fts JOIN subtitles AS s ON s.rowid = subtitles_fts.rowid ' +
  'JOIN frames AS f ON f.film = s.film AND f.frame BETWEEN s.first_frame AND s.last_frame WHERE subtitles_fts MATCH ?';

/** The matching lines' spans, for the columnar test: each marks the film's rows in its frame range. */
const MATCHING_SPANS =
  'SELECT s.film, s.first_frame, s.last_frame FROM subtitles_fts JOIN subtitles AS s ON s.rowid = subtitles_fts.rowid WHERE subtitles_fts MATCH ?';

/** `_search` as a condition on frames, or null when it is not given. */
export function searchClause(params: URLSearchParams): Condition | null {
  const search = parseSearch(params);
  if (!search) return null;
  const sql = `("film", "frame") IN (${MATCHING_FRAMES})`;
  return {
    sql,
    params: [search.match],
    description: `dialogue matches ${JSON.stringify(search.text)}${search.raw ? ' (FTS5 query)' : ''}`,
    mask: ({ frames, rows, db }) => {
      const mask = emptyMask(frames.rows);
      for (const [film, first, last] of statements(db).spans.all(search.match) as Array<[string, number, number]>) {
        const [start, end] = rows.frameRange(film, first, last);
        mask.fill(1, start, end);
      }
      return mask;
    },
    // Subtitles are ingested with their film's frames, so they change only when the copy does.
    cacheKey: framesOnlyKey(sql, [search.match]),
  };
}

export const searchFilter: FilterEntry = {
  params: SEARCH_PARAMS,
  placement: 'after',
  parse: (params) => [searchClause(params)].filter((c) => c !== null),
};

export interface MatchingLine {
  srt_index: number;
  text: string;
}

const statements = preparedFor((db: DB) => ({
  spans: db.prepare<[string], [string, number, number]>(MATCHING_SPANS).raw(),
  lines: db.prepare<[string, string], MatchingLine & { film: string; frame: number }>(
    'SELECT page.value ->> 0 AS film, page.value ->> 1 AS frame, s.srt_index, s.text FROM json_each(?) AS page ' +
      'JOIN subtitles AS s ON s.film = page.value ->> 0 AND page.value ->> 1 BETWEEN s.first_frame AND s.last_frame ' +
      'WHERE s.rowid IN (SELECT rowid FROM subtitles_fts WHERE subtitles_fts MATCH ?) ORDER BY s.start_seconds, s.srt_index',
  ),
}));

/**
 * The matching lines on screen at each of a page's frames, for the tile
 * tooltips, in one statement: a lookup giving [] for a frame without one.
 */
export function matchingLines(
  db: DB,
  search: ParsedSearch,
  frames: ReadonlyArray<{ film: string; frame: number }>,
): (film: string, frame: number) => MatchingLine[] {
  const found = new Map<string, MatchingLine[]>();
  const pairs = JSON.stringify(frames.map((f) => [f.film, f.frame]));
  for (const row of statements(db).lines.all(pairs, search.match)) {
    const key = `${row.frame}:${row.film}`;
    const lines = found.get(key) ?? [];
    lines.push({ srt_index: row.srt_index, text: row.text });
    found.set(key, lines);
  }
  return (film, frame) => found.get(`${frame}:${film}`) ?? [];
}
