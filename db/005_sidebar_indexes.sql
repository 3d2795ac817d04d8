-- Indexes for the sidebar's queries. The shot-type presets seek on
-- (prim_char_flag, p_face_size); unfiltered facet counts and histograms read
-- a narrow covering index instead of every row (41 ms -> 4 ms for the
-- emotion facet at 100k frames). Filtered facets group without them (see
-- lib/query/facets.ts): an index scan that looks up each row to test the
-- filter is slower than one pass over the table.
CREATE INDEX frames_by_primary_face ON frames (prim_char_flag, p_face_size);
CREATE INDEX frames_by_faces_found ON frames (faces_found);
CREATE INDEX frames_by_emotion ON frames (p_emotion);
CREATE INDEX frames_by_face_size ON frames (p_face_size);
