-- How far the background analysis (`npm run analyze`, lib/palette/analyze.ts)
-- has gone, written by the analysing process as it works so the server, a
-- process of its own, can show it: frames looked at of the total, when the
-- run started, when it last wrote, and when it finished (NULL while it runs),
-- with how many of the frames have a palette and a perceptual hash by then
-- (counted by the run, so the server never counts them over a big library).
-- One row per kind of run; a new run replaces its row.
CREATE TABLE analysis_runs (
  name TEXT PRIMARY KEY,
  done INTEGER NOT NULL,
  total INTEGER NOT NULL,
  palettes INTEGER NOT NULL,
  hashes INTEGER NOT NULL,
  started_ms REAL NOT NULL,
  updated_ms REAL NOT NULL,
  finished_ms REAL
) STRICT;
