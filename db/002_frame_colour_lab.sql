-- The frame's mean colour in CIELAB (derived at ingest from red, green, blue),
-- for colour filters that measure perceptual distance (ΔE).
ALTER TABLE frames ADD COLUMN lab_l REAL;
ALTER TABLE frames ADD COLUMN lab_a REAL;
ALTER TABLE frames ADD COLUMN lab_b REAL;

-- Derived columns changed: make the next ingest reload every film rather than
-- skip it as unchanged. Only ingested metadata is affected.
UPDATE films SET fingerprint = '';
