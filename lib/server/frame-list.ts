/**
 * `frames=<film>:<frame>,<film>:<frame>,...`: the frames on screen, for the
 * routes that annotate a page of results (palettes, matching dialogue lines)
 * in one request instead of one per tile.
 */
import { QueryError } from '@/lib/errors';
import { parseFrameKey } from '@/lib/query/frame-set';

/** At most one result window's worth (the grid fetches 200 at a time), with room to spare. */
export const MAX_LISTED_FRAMES = 500;

export interface ListedFrame {
  film: string;
  frame: number;
}

/** The `frames` parameter read and checked; a QueryError naming `frames` when it is missing or malformed. */
export function parseFrameList(params: URLSearchParams): ListedFrame[] {
  const values = params.getAll('frames');
  if (values.length !== 1) throw new QueryError('frames', values.length === 0 ? 'is required: <film>:<frame>,<film>:<frame>,...' : 'given more than once');
  const items = values[0].split(',').filter((item) => item !== '');
  if (items.length === 0) throw new QueryError('frames', 'must name at least one frame as <film>:<frame>');
  if (items.length > MAX_LISTED_FRAMES) throw new QueryError('frames', `names ${items.length} frames; at most ${MAX_LISTED_FRAMES} at a time`);
  return items.map((item) => {
    const [film, frame] = parseFrameKey('frames', item, 2);
    return { film, frame: Number(frame) };
  });
}

/** `<film>:<frame>`, the key the annotation routes answer by. */
export function listedKey({ film, frame }: ListedFrame): string {
  return `${film}:${frame}`;
}
