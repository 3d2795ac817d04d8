/**
 * A set of frames found outside SQL (a face or palette scan in JS) as one
 * WHERE condition. The frames travel as one bound JSON object of film to
 * frame numbers, so the SQL text is the same whatever the set, and the
 * statement cache keeps one entry for it. Also the `<film>:<frame>` keys
 * those filters take.
 */
import { parseFilm, parseFrame } from '@/lib/library/files';
import { QueryError } from '@/lib/errors';

export const FRAME_SET_SQL = '("film", "frame") IN (SELECT f.key, n.value FROM json_each(?) AS f, json_each(f.value) AS n)';

/** `{"film": [frame, ...], ...}` for FRAME_SET_SQL; repeated frames are sent once. */
export function frameSetParam(frames: Iterable<{ film: string; frame: number }>): string {
  const byFilm = new Map<string, Set<number>>();
  for (const { film, frame } of frames) {
    let set = byFilm.get(film);
    if (!set) {
      set = new Set();
      byFilm.set(film, set);
    }
    set.add(frame);
  }
  return JSON.stringify(Object.fromEntries([...byFilm].map(([film, set]) => [film, [...set]])));
}

/** `<film>:<frame>`, as `_palette_like` and `_face_like` name a frame. */
export function parseFrameKey(param: string, raw: string, parts: number): string[] {
  const split = raw.split(':');
  const film = parseFilm(split[0] ?? '');
  if (split.length !== parts || film === null || parseFrame(split[1] ?? '') === null) {
    const shape = parts === 2 ? '<film>:<frame>, e.g. the_hustle_2019:194' : '<film>:<frame>:<face index>, e.g. the_hustle_2019:194:0';
    throw new QueryError(param, `must be ${shape}, got ${JSON.stringify(raw)}`);
  }
  return split;
}
