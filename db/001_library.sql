-- Ingested metadata. Everything here is rebuilt from the library's files: a
-- film's rows are replaced as a whole, in one transaction, on re-ingest.
-- The user's own work (selections, names) lives in other tables, keyed by
-- film and frame number, with no foreign key into these, so a re-ingest can
-- never cascade into it.

CREATE TABLE films (
  film TEXT PRIMARY KEY,
  frame_count INTEGER NOT NULL,
  -- sizes and mtimes of the film's pickles and frame folder: unchanged films are skipped
  fingerprint TEXT NOT NULL,
  ingested_at TEXT NOT NULL,
  -- JSON array of problems found that did not stop the film loading (e.g. rows without JPEGs)
  problems TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- One row per frame (per second of film): face_df and vision_df side by side.
CREATE TABLE frames (
  film TEXT NOT NULL REFERENCES films (film) ON DELETE CASCADE,
  frame INTEGER NOT NULL,
  -- face_df
  faces_found INTEGER,
  prim_char_flag INTEGER,
  p_center_alignment TEXT,
  p_horizontal_distance REAL,
  p_open_mouth REAL,
  p_face_cluster REAL,
  p_emotion TEXT,
  -- derived: face_sizes[0], the primary face's share of the frame in percent
  p_face_size REAL,
  -- vision_df
  blank TEXT,
  aspect_ratio REAL,
  brightness INTEGER,
  contrast INTEGER,
  red INTEGER,
  green INTEGER,
  blue INTEGER,
  shot_cluster INTEGER,
  shot_id INTEGER,
  -- derived from the JPEG: its pixel size from the header, and whether it exists
  width INTEGER,
  height INTEGER,
  has_image INTEGER NOT NULL,
  PRIMARY KEY (film, frame)
) STRICT;

-- One row per detected face; face_index 0 is the primary face.
CREATE TABLE faces (
  film TEXT NOT NULL,
  frame INTEGER NOT NULL,
  face_index INTEGER NOT NULL,
  top INTEGER NOT NULL,
  right INTEGER NOT NULL,
  bottom INTEGER NOT NULL,
  left INTEGER NOT NULL,
  size REAL,
  -- the 128-d dlib encoding as 128 little-endian float32 (512 bytes), NULL when absent
  encoding BLOB,
  PRIMARY KEY (film, frame, face_index),
  FOREIGN KEY (film, frame) REFERENCES frames (film, frame) ON DELETE CASCADE
) STRICT;

-- srt_df lines with the frames they cover: round(start) .. round(end) seconds.
CREATE TABLE subtitles (
  film TEXT NOT NULL REFERENCES films (film) ON DELETE CASCADE,
  srt_index INTEGER NOT NULL,
  start_seconds REAL NOT NULL,
  end_seconds REAL NOT NULL,
  first_frame INTEGER NOT NULL,
  last_frame INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (film, srt_index)
) STRICT;

CREATE INDEX subtitles_by_frame ON subtitles (film, first_frame, last_frame);
