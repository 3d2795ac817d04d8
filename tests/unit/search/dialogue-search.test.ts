/**
 * `_search` over subtitle lines (FTS5) on the demo library: the frames it
 * finds are those on screen while a matching line is spoken, worked out here
 * from the pickled srt_df times with data-model.md's rounding (microseconds
 * >= 500000 round up); the index follows every insert, update and delete;
 * user text never makes a syntax error.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestLibrary } from '@/lib/ingest';
import { PyTime, readDataFramePickle } from '@/lib/pickle';
import { QueryError } from '@/lib/errors';
import { matchingLines, parseSearch, searchClause } from '@/lib/query/search-filter';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

interface Line {
  film: string;
  text: string;
  first: number;
  last: number;
  startMicroseconds: number;
}

let demo: DemoDatabase;
let lines: Line[];

const FILMS = ['before_sunset_2004', 'knives_out_2019', 'the_hustle_2019'];
const rounded = (t: PyTime) => t.hour * 3600 + t.minute * 60 + t.second + (t.microsecond >= 500_000 ? 1 : 0);

beforeAll(async () => {
  demo = await demoDatabase('dialogue-search');
  lines = [];
  for (const film of FILMS) {
    const srt = await readDataFramePickle(path.join(demo.root, 'serialized_objects', film, 'srt_df.pkl'));
    const column = (name: string) => Array.from(srt.columns.find((c) => c.name === name)!.values as ArrayLike<unknown>);
    const [texts, starts, ends] = [column('original_text'), column('start_time'), column('end_time')];
    texts.forEach((text, i) => {
      const [start, end] = [starts[i] as PyTime, ends[i] as PyTime];
      lines.push({ film, text: String(text), first: rounded(start), last: rounded(end), startMicroseconds: start.microsecond });
    });
  }
});
afterAll(() => demo.cleanup());

const frameSet = (rows: Array<{ film: string; frame: number }>) => rows.map((r) => `${r.film}:${r.frame}`).sort();

function search(query: string): string[] {
  const clause = searchClause(new URLSearchParams(query))!;
  return frameSet(demo.db.prepare(`SELECT film, frame FROM frames WHERE ${clause.sql}`).all(...clause.params) as Array<{ film: string; frame: number }>);
}

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u);

/** The frames that exist and are covered by a line containing every word, from the pickles. */
function expectedFrames(...wanted: string[]): string[] {
  const exists = new Set(frameSet(demo.db.prepare('SELECT film, frame FROM frames').all() as Array<{ film: string; frame: number }>));
  const out = new Set<string>();
  for (const line of lines.filter((l) => wanted.every((word) => words(l.text).includes(word)))) {
    for (let frame = line.first; frame <= line.last; frame++) if (exists.has(`${line.film}:${frame}`)) out.add(`${line.film}:${frame}`);
  }
  return [...out].sort();
}

describe('_search', () => {
  it('finds the frames on screen while a line with the word is spoken, times rounded as data-model.md says', () => {
    // Both roundings occur in the demo, so a floor or a banker's rounding would show.
    expect(lines.some((l) => l.startMicroseconds >= 500_000)).toBe(true);
    expect(lines.some((l) => l.startMicroseconds < 500_000)).toBe(true);
    const vocabulary = [...new Set(lines.flatMap((l) => words(l.text)).filter((w) => /^[a-z]{4,}$/.test(w)))].sort();
    expect(vocabulary.length).toBeGreaterThan(30);
    // Every line holding the word is found; stemming (tests/unit/search/dialogue-stemming.test.ts) may add lines with its other forms.
    for (const word of vocabulary.slice(0, 60)) expect(search(`_search=${word}`), word).toEqual(expect.arrayContaining(expectedFrames(word)));
    // Words no other word of the dialogue could share a stem with are found exactly.
    const all = new Set(lines.flatMap((l) => words(l.text)));
    const exact = vocabulary.filter((word) => ![...all].some((other) => other !== word && other.slice(0, 3) === word.slice(0, 3)) && !/(ing|ed|es|s|ly)$/.test(word));
    expect(exact.length).toBeGreaterThan(10);
    for (const word of exact) expect(search(`_search=${word}`), word).toEqual(expectedFrames(word));
  });

  it('takes words in any order and case, every one required', () => {
    const line = lines.find((l) => words(l.text).filter((w) => /^[a-z]{3,}$/.test(w)).length >= 2)!;
    const [one, two] = words(line.text).filter((w) => /^[a-z]{3,}$/.test(w));
    const both = search(`_search=${two.toUpperCase()} ${one}`);
    expect(both.length).toBeGreaterThan(0);
    expect(both).toEqual(expectedFrames(one, two));
  });

  it('never fails on punctuation in the default mode', () => {
    for (const text of [`you'd come`, '"unbalanced', 'a AND', 'NEAR(', 'x - y', 'col: value', '***word***']) {
      expect(() => search(`_search=${encodeURIComponent(text)}`), text).not.toThrow();
    }
    expect(search(`_search=${encodeURIComponent("didn't think")}`)).toEqual(search('_search=didn+t+think'));
  });

  it('passes FTS5 syntax through with _searchmode=raw, and names a bad query', () => {
    const phrase = lines[1].text.split(/\s+/).slice(0, 2).join(' ');
    expect(search(`_search=${encodeURIComponent(`"${phrase}"`)}&_searchmode=raw`).length).toBeGreaterThan(0);
    const prefix = search('_search=thi*&_searchmode=raw');
    expect(prefix.length).toBeGreaterThan(search('_search=think').length);
    const bad = () => searchClause(new URLSearchParams('_search=a AND&_searchmode=raw'));
    expect(bad).toThrow(QueryError);
    expect(bad).toThrow(/^_search: is not a valid FTS5 query \(fts5: syntax error/);
  });

  it('rejects bad parameters, naming them', () => {
    const error = (query: string) => {
      try {
        parseSearch(new URLSearchParams(query));
      } catch (e) {
        return (e as QueryError).message;
      }
      return null;
    };
    expect(error('_search=')).toBe('_search: needs at least one word to search for, got ""');
    expect(error('_search=%20-%20')).toBe('_search: needs at least one word to search for, got " - "');
    expect(error('_search=a&_search=b')).toBe('_search: given more than once');
    expect(error('_search=a&_searchmode=fuzzy')).toBe('_searchmode: must be raw (an FTS5 query) or left out (words), got "fuzzy"');
    expect(error('_searchmode=raw')).toBe('_searchmode: needs _search: the text to search for');
    expect(searchClause(new URLSearchParams('film=x'))).toBeNull();
  });

  it('describes itself in the where sentence', () => {
    expect(searchClause(new URLSearchParams("_search=you'd come"))!.description).toBe(`dialogue matches "you'd come"`);
    expect(searchClause(new URLSearchParams('_search=th*&_searchmode=raw'))!.description).toBe('dialogue matches "th*" (FTS5 query)');
  });

  it('follows inserts, updates and deletes of subtitle lines, ignoring accents', () => {
    const insert = demo.db.prepare(
      "INSERT INTO subtitles (film, srt_index, start_seconds, end_seconds, first_frame, last_frame, text) VALUES ('knives_out_2019', 9001, 100.2, 101.6, 100, 102, ?)",
    );
    insert.run('Un café, Benoit Blanc?');
    expect(search('_search=CAFE')).toEqual(['knives_out_2019:100', 'knives_out_2019:101', 'knives_out_2019:102']);
    demo.db.prepare("UPDATE subtitles SET text = 'Un thé' WHERE film = 'knives_out_2019' AND srt_index = 9001").run();
    expect(search('_search=cafe')).toEqual([]);
    expect(search('_search=the')).toContain('knives_out_2019:101');
    demo.db.prepare("DELETE FROM subtitles WHERE film = 'knives_out_2019' AND srt_index = 9001").run();
    expect(search('_search=thé')).not.toContain('knives_out_2019:101');
  });

  it('stays in step with the subtitles through a forced re-ingest', async () => {
    const before = search('_search=think');
    expect(before.length).toBeGreaterThan(2);
    await ingestLibrary(demo.db, demo.root, { force: true });
    expect(search('_search=think')).toEqual(before);
    expect(() => demo.db.exec("INSERT INTO subtitles_fts (subtitles_fts, rank) VALUES ('integrity-check', 1)")).not.toThrow();
    const indexed = demo.db.prepare("SELECT count(*) AS n FROM subtitles_fts WHERE subtitles_fts MATCH 'think'").get();
    const actual = demo.db.prepare("SELECT count(*) AS n FROM subtitles WHERE ' ' || lower(text) || ' ' GLOB '*[^a-z]think[^a-z]*'").get();
    expect(indexed).toEqual(actual);
  });
});

describe('matchingLines', () => {
  it('gives each frame the matching lines on screen, for the tooltip', () => {
    const parsed = parseSearch(new URLSearchParams('_search=think'))!;
    const frames = search('_search=think').map((key) => ({ film: key.split(':')[0], frame: Number(key.split(':')[1]) }));
    expect(frames.length).toBeGreaterThan(2);
    const lookup = matchingLines(demo.db, parsed, [...frames, { film: 'knives_out_2019', frame: 1 }]);
    for (const { film, frame } of frames) {
      const shown = lookup(film, frame);
      expect(shown.length).toBeGreaterThan(0);
      for (const line of shown) expect(words(line.text)).toContain('think');
      const covering = lines.filter((l) => l.film === film && l.first <= frame && frame <= l.last && words(l.text).includes('think'));
      expect(shown.map((l) => l.text)).toEqual(covering.map((l) => l.text));
    }
    expect(lookup('knives_out_2019', 1)).toEqual([]);
  });
});
