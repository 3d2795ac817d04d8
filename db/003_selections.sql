-- The user's own work: named selections (a saved filter query plus manual
-- changes) and their undo history. Keyed by film and frame number with NO
-- foreign key into frames: a re-ingest replaces a film's frames and must never
-- cascade into these. A change whose frame no longer exists is kept and
-- reported (lib/selections missingFrames), never dropped.

CREATE TABLE selections (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  -- the filter query in the API's syntax (lib/query), without paging or display parameters; '' matches every frame
  query TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- undo pointer: seq of the last applied action in selection_history, 0 when none is applied
  history_position INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Manual changes: 1 = included (a member whatever the query says), 0 = excluded (never a member).
CREATE TABLE selection_changes (
  selection_id INTEGER NOT NULL REFERENCES selections (id) ON DELETE CASCADE,
  film TEXT NOT NULL,
  frame INTEGER NOT NULL,
  state INTEGER NOT NULL CHECK (state IN (0, 1)),
  PRIMARY KEY (selection_id, film, frame)
) STRICT;

-- One row per curation action, numbered 1, 2, 3 ... per selection. Actions
-- after history_position are the redo stack; a new action discards them.
CREATE TABLE selection_history (
  selection_id INTEGER NOT NULL REFERENCES selections (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  -- what the undo/redo buttons say: "include 3 frames", "exclude all results where ..."
  description TEXT NOT NULL,
  -- set for an action that changed the selection's query: the query before and after
  query_before TEXT,
  query_after TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (selection_id, seq)
) STRICT;

-- The frames an action changed: the manual state before and after (NULL = no manual change).
CREATE TABLE selection_history_frames (
  selection_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  film TEXT NOT NULL,
  frame INTEGER NOT NULL,
  before INTEGER CHECK (before IN (0, 1)),
  after INTEGER CHECK (after IN (0, 1)),
  PRIMARY KEY (selection_id, seq, film, frame),
  FOREIGN KEY (selection_id, seq) REFERENCES selection_history (selection_id, seq) ON DELETE CASCADE
) STRICT;
