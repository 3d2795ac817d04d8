-- A counter bumped by every change to the ingested films, so the in-memory
-- columnar copy of frames (lib/columnar) knows, with one indexed read per
-- request, whether it still matches the database. An ingest replaces a film
-- by deleting and inserting its films row in the same transaction as its
-- frames, so the counter moves exactly when frames do.
CREATE TABLE data_versions (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL
) STRICT;

INSERT INTO data_versions (name, version) VALUES ('frames', 0);

CREATE TRIGGER films_changed_insert AFTER INSERT ON films BEGIN
  UPDATE data_versions SET version = version + 1 WHERE name = 'frames';
END;
CREATE TRIGGER films_changed_update AFTER UPDATE ON films BEGIN
  UPDATE data_versions SET version = version + 1 WHERE name = 'frames';
END;
CREATE TRIGGER films_changed_delete AFTER DELETE ON films BEGIN
  UPDATE data_versions SET version = version + 1 WHERE name = 'frames';
END;

-- Names this database among others, so a file made from it (the columnar
-- copy's cache beside it, lib/columnar/cache-file.ts) is never read for another
-- database that happens to be at the same version.
INSERT INTO data_versions (name, version) VALUES ('database_id', abs(random() % 9007199254740991));
