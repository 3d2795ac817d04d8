-- Near-duplicates (docs/search.md, "Near-duplicates"): each frame's 64-bit
-- perceptual hash and mean colour, computed by `npm run analyze` from the
-- decode its palette is made from. A table of its own rather than columns of
-- frame_palettes, so frames analysed before this migration get their hash
-- without their palette being redone, and palette searches do not reload
-- when only hashes change. No foreign key into frames, as for palettes.
CREATE TABLE frame_hashes (
  film TEXT NOT NULL,
  frame INTEGER NOT NULL,
  -- bits 63-32 and 31-0 of the hash, unsigned (exact in SQLite and in JS numbers); NULL when the JPEG could not be decoded
  hash_hi INTEGER,
  hash_lo INTEGER,
  -- the picture's mean colour in CIELAB: a flat frame's hash is noise, its colour is not
  mean_l REAL,
  mean_a REAL,
  mean_b REAL,
  -- the JPEG the hash was computed from: a changed size or mtime means it must be redone
  source_size INTEGER NOT NULL,
  source_mtime_ms REAL NOT NULL,
  analyzed_at TEXT NOT NULL,
  PRIMARY KEY (film, frame)
) STRICT;

INSERT INTO analysis_versions (name, version) VALUES ('frame_hashes', 0);

CREATE TRIGGER frame_hashes_changed_insert AFTER INSERT ON frame_hashes BEGIN
  UPDATE analysis_versions SET version = version + 1 WHERE name = 'frame_hashes';
END;
CREATE TRIGGER frame_hashes_changed_update AFTER UPDATE ON frame_hashes BEGIN
  UPDATE analysis_versions SET version = version + 1 WHERE name = 'frame_hashes';
END;
CREATE TRIGGER frame_hashes_changed_delete AFTER DELETE ON frame_hashes BEGIN
  UPDATE analysis_versions SET version = version + 1 WHERE name = 'frame_hashes';
END;
