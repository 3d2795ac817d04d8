-- Search by colour palette, by character and by dialogue (docs/search.md).

-- Each frame's palette: up to five dominant colours in CIELAB with their
-- share of the picture (letterbox bars left out), computed by `npm run
-- analyze` from the JPEG. No foreign key into frames: a re-ingest replaces
-- frames but the analysis is still valid for an unchanged JPEG, and is redone
-- only when the JPEG's size or mtime changes.
--
-- Colours are columns, not a blob, so plain SQL can read them too (the
-- filters load them into memory: lib/palette/search.ts). Slot 1 is the
-- largest share; slots a frame does not fill are NULL. rgbN is the slot's
-- mean sRGB (0xRRGGBB), for drawing the strip.
CREATE TABLE frame_palettes (
  film TEXT NOT NULL,
  frame INTEGER NOT NULL,
  l1 REAL, a1 REAL, b1 REAL, s1 REAL,
  l2 REAL, a2 REAL, b2 REAL, s2 REAL,
  l3 REAL, a3 REAL, b3 REAL, s3 REAL,
  l4 REAL, a4 REAL, b4 REAL, s4 REAL,
  l5 REAL, a5 REAL, b5 REAL, s5 REAL,
  rgb1 INTEGER, rgb2 INTEGER, rgb3 INTEGER, rgb4 INTEGER, rgb5 INTEGER,
  -- the share-weighted mean colour: a lower bound of the palette distance, to skip most frames cheaply
  mean_l REAL, mean_a REAL, mean_b REAL,
  -- the JPEG the palette was computed from
  source_size INTEGER NOT NULL,
  source_mtime_ms REAL NOT NULL,
  -- why there is no palette (the JPEG could not be decoded); NULL when there is one
  problem TEXT,
  analyzed_at TEXT NOT NULL,
  PRIMARY KEY (film, frame)
) STRICT;

-- Bumped on every change to frame_palettes, so in-memory copies (lib/palette/search.ts)
-- know when to reload without reading the table.
CREATE TABLE analysis_versions (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL
) STRICT;

INSERT INTO analysis_versions (name, version) VALUES ('frame_palettes', 0);

CREATE TRIGGER frame_palettes_changed_insert AFTER INSERT ON frame_palettes BEGIN
  UPDATE analysis_versions SET version = version + 1 WHERE name = 'frame_palettes';
END;
CREATE TRIGGER frame_palettes_changed_update AFTER UPDATE ON frame_palettes BEGIN
  UPDATE analysis_versions SET version = version + 1 WHERE name = 'frame_palettes';
END;
CREATE TRIGGER frame_palettes_changed_delete AFTER DELETE ON frame_palettes BEGIN
  UPDATE analysis_versions SET version = version + 1 WHERE name = 'frame_palettes';
END;

-- The user's names for a film's face clusters (frames.p_face_cluster). User
-- work: no foreign key into the ingested tables, so a re-ingest never touches
-- it. Several clusters may share a name (one person split in two clusters).
CREATE TABLE character_names (
  film TEXT NOT NULL,
  cluster INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (film, cluster)
) STRICT;

CREATE INDEX character_names_by_name ON character_names (name);

-- Full-text index over the subtitle lines, reading the text from subtitles
-- itself (external content). The triggers keep it in step with every insert,
-- delete (including the cascade when ingest replaces a film) and update, so
-- ingest needs no change. subtitles has no INTEGER PRIMARY KEY: a VACUUM may
-- renumber its rowids, after which `INSERT INTO subtitles_fts (subtitles_fts)
-- VALUES ('rebuild')` must be run.
CREATE VIRTUAL TABLE subtitles_fts USING fts5 (
  text,
  content = 'subtitles',
  content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);

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

INSERT INTO subtitles_fts (subtitles_fts) VALUES ('rebuild');
