import { describe, expect, it } from 'vitest';
import { formatTimecode } from '@/lib/timecode';

describe('formatTimecode', () => {
  it.each([
    [0, '00:00:00'],
    [1, '00:00:01'],
    [59, '00:00:59'],
    [60, '00:01:00'],
    [3599, '00:59:59'],
    [3600, '01:00:00'],
    [7384, '02:03:04'],
    [360000, '100:00:00'],
  ])('frame %i is %s', (frame, expected) => {
    expect(formatTimecode(frame)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN])('rejects %s', (frame) => {
    expect(() => formatTimecode(frame)).toThrow(RangeError);
  });
});
