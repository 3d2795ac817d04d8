-- The colour filter (_color, lib/query/colour-filter.ts) tests a box on
-- lab_l first, then the exact distance. With the three CIELAB columns in one
-- index, SQLite answers both from the index's narrow entries, inside the
-- lab_l range only, instead of reading every row (187 -> 95 ms for a count
-- at 1M frames, measured under load).
CREATE INDEX frames_by_colour ON frames (lab_l, lab_a, lab_b);
