-- Dialogue search stems English words: `_search=walking` finds "walk" and
-- "walked" (FTS5's porter tokenizer over the same unicode61 words, accents
-- still ignored). The tokenizer of an FTS5 table is fixed when it is made, so
-- the index is made again and rebuilt from subtitles, the external content:
-- a database from before this migration is re-indexed as it opens. The
-- triggers of db/004 that keep it in step name it, not the dropped table, so
-- they follow the new one.
DROP TABLE subtitles_fts;

CREATE VIRTUAL TABLE subtitles_fts USING fts5 (
  text,
  content = 'subtitles',
  content_rowid = 'rowid',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO subtitles_fts (subtitles_fts) VALUES ('rebuild');
