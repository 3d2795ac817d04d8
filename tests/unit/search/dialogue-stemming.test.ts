/**
 * Migration 009 on a database made before it: the dialogue index is made
 * again with the porter tokenizer and rebuilt from the subtitles already
 * there, so stemmed and prefix searches find the old lines at once, and the
 * triggers keep following inserts, updates and deletes afterwards.
 */
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '@/lib/db/connection';
import { parseSearch } from '@/lib/query/search-filter';
import { ingestLibrary } from '@/lib/ingest';
import { demoLibrary } from '../../helpers/demo-db';
import { makeTempDir } from '../../helpers/library';

const STEMMING = 9;
let temp: ReturnType<typeof makeTempDir>;
let db: DB;
let before: { version: number; tokenizer: string; laughing: string[] };

/** The lines a `_search` finds, straight from the index, as film: text. */
function lines(query: string): string[] {
  const search = parseSearch(new URLSearchParams(query))!;
  return (
    db
      .prepare('SELECT s.film, s.text FROM subtitles_fts JOIN subtitles AS s ON s.rowid = subtitles_fts.rowid WHERE subtitles_fts MATCH ? ORDER BY s.film, s.srt_index')
      .all(search.match) as Array<{ film: string; text: string }>
  ).map((r) => `${r.film}: ${r.text}`);
}

const tokenizer = () => (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'subtitles_fts'").pluck().get() as string).match(/tokenize = '([^']*)'/)![1];

beforeAll(async () => {
  temp = makeTempDir('dialogue-stemming');
  // The migrations as they were before stemming: the database an earlier version made and filled.
  const older = path.join(temp.dir, 'older-migrations');
  mkdirSync(older);
  for (const file of readdirSync('db')) if (Number(file.slice(0, 3)) < STEMMING) cpSync(path.join('db', file), path.join(older, file));
  const file = path.join(temp.dir, 'library.db');
  db = openDatabase(file, { migrationsDir: older });
  await ingestLibrary(db, await demoLibrary());
  before = {
    version: db.pragma('user_version', { simple: true }) as number,
    tokenizer: tokenizer(),
    laughing: db.prepare("SELECT text FROM subtitles_fts WHERE subtitles_fts MATCH '\"laughing\"'").pluck().all() as string[],
  };
  db.close();
  // Opened by this version: the pending migration runs on the filled database.
  db = openDatabase(file);
});
afterAll(() => {
  db.close();
  temp.cleanup();
});

describe('migration 009: dialogue search stems English words', () => {
  it('starts from a filled database without stemming', () => {
    expect(before.version).toBe(STEMMING - 1);
    expect(before.tokenizer).toBe('unicode61 remove_diacritics 2');
    expect(before.laughing).toEqual(['(laughing) Is that a real diamond?']);
  });

  it('re-indexes the lines already there with the porter tokenizer', () => {
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(STEMMING);
    expect(tokenizer()).toBe('porter unicode61 remove_diacritics 2');
    // The index holds exactly the lines of the content table (FTS5 checks one against the other).
    expect(() => db.prepare("INSERT INTO subtitles_fts (subtitles_fts) VALUES ('integrity-check')").run()).not.toThrow();
    expect(db.prepare('SELECT count(*) FROM subtitles_fts').pluck().get()).toBe(db.prepare('SELECT count(*) FROM subtitles').pluck().get());
  });

  it('"walking" finds "walk", "laughing" finds "laughs" too, "change" finds "changed" and "changes", "come" finds "coming"', () => {
    expect(lines('_search=walking')).toEqual(['before_sunset_2004: Do you want to walk?', "before_sunset_2004: Then we'll walk fast."]);
    expect(lines('_search=laughing')).toEqual([
      'before_sunset_2004: [LAUGHS] You haven\'t changed.',
      'knives_out_2019: [LAUGHS] You have no idea.',
      'the_hustle_2019: (laughing) Is that a real diamond?',
      'the_hustle_2019: [LAUGHS] Owe? Me?',
    ]);
    expect(lines('_search=change')).toEqual(['before_sunset_2004: [LAUGHS] You haven\'t changed.', 'before_sunset_2004: Everybody changes.\nSome of us just hide it.']);
    expect(lines('_search=come')).toEqual(["before_sunset_2004: I didn't think you'd come.", 'knives_out_2019: Thank you all for coming.']);
  });

  it('matches a prefix with *, in words and in FTS5 queries alike', () => {
    expect(lines('_search=happ*')).toEqual(['knives_out_2019: Then tonight we find out what happened.']);
    expect(lines('_search=happ*&_searchmode=raw')).toEqual(lines('_search=happ*'));
    // Without the star a word is a whole (stemmed) word.
    expect(lines('_search=happ')).toEqual([]);
  });

  it('keeps following the subtitles after the migration', () => {
    const film = db.prepare('SELECT film FROM films ORDER BY film').pluck().get() as string;
    db.prepare("INSERT INTO subtitles (film, srt_index, start_seconds, end_seconds, first_frame, last_frame, text) VALUES (?, 9999, 1, 2, 1, 2, 'She skated home.')").run(film);
    expect(lines('_search=skating')).toEqual([`${film}: She skated home.`]);
    db.prepare("UPDATE subtitles SET text = 'He runs.' WHERE film = ? AND srt_index = 9999").run(film);
    expect(lines('_search=skating')).toEqual([]);
    expect(lines('_search=running')).toEqual([`${film}: He runs.`]);
    db.prepare('DELETE FROM subtitles WHERE film = ? AND srt_index = 9999').run(film);
    expect(lines('_search=running')).toEqual([]);
  });
});
