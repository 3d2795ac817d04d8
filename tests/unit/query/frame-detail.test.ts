/**
 * getFrame and listFilms against a real SQLite file, checked against the
 * rows the fixture inserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameRow } from '@/lib/db/columns';
import { getFrame, listFilms } from '@/lib/query/frames';
import { makeLibrary, type FixtureSubtitle, type Library } from './library-fixture';

let lib: Library;
beforeAll(() => {
  lib = makeLibrary();
});
afterAll(() => lib.close());

describe('getFrame', () => {
  const byStart = (a: FixtureSubtitle, b: FixtureSubtitle) => a.start_seconds - b.start_seconds || a.srt_index - b.srt_index;

  it('returns the row, its faces, the subtitles covering it and its neighbours', () => {
    const rows = lib.frames.filter((r) => r.film === 'joker_2019');
    const withFaces = rows.find((r, i) => (r.faces_found ?? 0) >= 2 && i > 0 && i < rows.length - 1) as FrameRow;
    const i = rows.indexOf(withFaces);
    const detail = getFrame(lib.db, 'joker_2019', withFaces.frame);
    expect(detail).not.toBeNull();
    const { faces, subtitles, neighbours, ...row } = detail!;
    expect(row).toEqual(withFaces);
    expect(faces).toEqual(
      lib.faces
        .filter((f) => f.film === 'joker_2019' && f.frame === withFaces.frame)
        .map(({ face_index, top, right, bottom, left, size }) => ({ face_index, top, right, bottom, left, size })),
    );
    expect(subtitles).toEqual(
      lib.subtitles
        .filter((s) => s.film === 'joker_2019' && s.first_frame <= withFaces.frame && withFaces.frame <= s.last_frame)
        .sort(byStart)
        .map(({ srt_index, start_seconds, end_seconds, text }) => ({ srt_index, start_seconds, end_seconds, text })),
    );
    expect(neighbours).toEqual({ previous: rows[i - 1].frame, next: rows[i + 1].frame });
  });

  it('steps over missing frames, stops at the ends of the film, and finds overlapping subtitles', () => {
    for (const film of ['before_sunset_2004', 'joker_2019', 'the_hustle_2019']) {
      const frames = lib.frames.filter((r) => r.film === film).map((r) => r.frame);
      frames.forEach((frame, i) => {
        const detail = getFrame(lib.db, film, frame)!;
        expect(detail.neighbours, `${film} ${frame}`).toEqual({ previous: frames[i - 1] ?? null, next: frames[i + 1] ?? null });
        const covering = lib.subtitles.filter((s) => s.film === film && s.first_frame <= frame && frame <= s.last_frame).sort(byStart);
        expect(detail.subtitles.map((s) => s.srt_index)).toEqual(covering.map((s) => s.srt_index));
      });
      expect(frames.length).toBeLessThan(Math.max(...frames)); // the fixture has gaps
    }
    expect(lib.subtitles.some((a) => lib.subtitles.some((b) => a !== b && a.film === b.film && a.first_frame <= b.last_frame && b.first_frame <= a.last_frame))).toBe(true);
  });

  it('returns null for a frame or film that is not there', () => {
    const missing = lib.frames.find((r, i) => i > 0 && r.film === lib.frames[i - 1].film && r.frame !== lib.frames[i - 1].frame + 1) as FrameRow;
    expect(getFrame(lib.db, missing.film, missing.frame - 1)).toBeNull();
    expect(getFrame(lib.db, 'no_such_film_2020', 1)).toBeNull();
    expect(getFrame(lib.db, "joker_2019' OR 1=1 --", 1)).toBeNull();
  });
});

describe('listFilms', () => {
  it('lists each film with its frame count, frames with images and problems', () => {
    expect(listFilms(lib.db)).toEqual(
      lib.films.map(({ film, problems }) => ({
        film,
        frame_count: ({ before_sunset_2004: 150, joker_2019: 120, the_hustle_2019: 100 } as Record<string, number>)[film],
        frames_with_images: lib.frames.filter((r) => r.film === film && r.has_image === 1).length,
        problems,
      })),
    );
  });
});
