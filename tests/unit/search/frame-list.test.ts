import { describe, expect, it } from 'vitest';
import { QueryError } from '@/lib/errors';
import { listedKey, MAX_LISTED_FRAMES, parseFrameList } from '@/lib/server/frame-list';

function refusal(query: string): QueryError {
  try {
    parseFrameList(new URLSearchParams(query));
  } catch (error) {
    return error as QueryError;
  }
  throw new Error(`${query} was accepted`);
}

describe('frames=<film>:<frame>,...', () => {
  it('reads the frames in order, keyed as they were named', () => {
    const frames = parseFrameList(new URLSearchParams('frames=the_hustle_2019:194,knives_out_2019:3,'));
    expect(frames).toEqual([
      { film: 'the_hustle_2019', frame: 194 },
      { film: 'knives_out_2019', frame: 3 },
    ]);
    expect(frames.map(listedKey)).toEqual(['the_hustle_2019:194', 'knives_out_2019:3']);
  });

  it('refuses a missing, repeated, malformed or too long list, naming frames', () => {
    for (const query of ['', 'frames=', 'frames=a:1&frames=b:2', 'frames=Bad Film:1', 'frames=the_hustle_2019:0', 'frames=the_hustle_2019:1:2']) {
      expect(refusal(query).param, query).toBe('frames');
    }
    const many = Array.from({ length: MAX_LISTED_FRAMES + 1 }, (_, i) => `f:${i + 1}`).join(',');
    expect(refusal(`frames=${many}`).message).toContain(`at most ${MAX_LISTED_FRAMES}`);
  });
});
