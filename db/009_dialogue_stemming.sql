-- Dialogue search stems English words: `_search=walking` finds "walk" and
-- "walked" (FTS5's porter tokenizer over the same unicode61 words, accents
-- still ignored). The tokenizer of an FTS5 table is fixed when it is made, so
-- the index is made again and rebuilt from subtitles, the external content:
-- a database from before this migration is re-indexed as it opens.
DROP TRIGGER subtitles_fts_insert;
DROP TRIGGER subtitles_fts_delete;
DROP TRIGGER subtitles_fts_update;
DROP TABLE subtitles_fts;

CREATE VIRTUAL TABLE subtitles_fts USING fts5 (
  text,
  content = 'subtitles',
  content_rowid = 'rowid',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO subtitles_fts (subtitles_fts) VALUES ('rebuild');

CREATE TRIGGER subtitles_fts_insert AFTER INSERT ON subtitles BEGIN
  INSERT INTO subtitles_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER subtitles_fts_delete AFTER DELETE ON subtitles BEGIN
  INSERT INTO subtitles_fts (subtitles_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER subtitles_fts_update AFTER UPDATE ON subtitles BEGIN
  INSERT INTO subtitles_fts (subtitles_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
  INSERT INTO subtitles_fts (rowid, text) VALUES (new.rowid, new.text);
END;
