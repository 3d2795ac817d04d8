-- Exports as jobs the user can see after the fact: every export started by
-- the app or by `npm run export`, with the options it was asked (the POST
-- body, so it can be posted again), its progress, how it ended and where it
-- wrote. Kept across restarts; the user's own record, so an ingest never
-- touches it. `owner_pid` and `owner_token` name the process that runs a
-- job: a job still `running` whose process is gone was interrupted (kill -9,
-- a crash) and is marked failed at the next start, its partial files removed.
CREATE TABLE export_jobs (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  -- 'app' (POST /api/exports) or 'cli' (npm run export)
  origin TEXT NOT NULL CHECK (origin IN ('app', 'cli')),
  target TEXT NOT NULL CHECK (target IN ('folder', 'zip', 'webdataset')),
  state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  -- the request as JSON, in the API's field names (target and name included)
  request TEXT NOT NULL,
  -- the selection exported, by id and by its name at the time (no foreign key: the job outlives it)
  selection_id INTEGER,
  selection_name TEXT,
  -- the absolute folder or zip file written; NULL for a zip downloaded by the browser
  path TEXT,
  files_done INTEGER NOT NULL DEFAULT 0,
  files_total INTEGER NOT NULL DEFAULT 0,
  bytes_done INTEGER NOT NULL DEFAULT 0,
  bytes_total INTEGER NOT NULL DEFAULT 0,
  eta_seconds INTEGER,
  started_at TEXT,
  finished_at TEXT,
  error TEXT,
  owner_pid INTEGER NOT NULL,
  owner_token TEXT NOT NULL
) STRICT;

CREATE INDEX export_jobs_by_time ON export_jobs (created_at DESC, id);
CREATE INDEX export_jobs_by_state ON export_jobs (state) WHERE state IN ('pending', 'running');
