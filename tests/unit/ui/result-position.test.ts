import { describe, expect, it } from 'vitest';
import { positionQueries } from '@/lib/ui/result-position';

const strings = (list: URLSearchParams[]) => list.map((p) => p.toString());

describe('result position queries', () => {
  it('counts earlier films and earlier frames of the same film in the default order', () => {
    expect(strings(positionQueries(new URLSearchParams('film=a&film=b&_offset=5'), { film: 'b', frame: 9 }))).toEqual([
      'film=a&film=b&_size=0&film__lt=b',
      'film=a&film=b&_size=0&film__exact=b&frame__lt=9',
    ]);
  });

  it('counts smaller sort values, then ties, for a descending sort', () => {
    expect(strings(positionQueries(new URLSearchParams('_sort_desc=brightness'), { film: 'b', frame: 9, brightness: 80 }))).toEqual([
      '_size=0&brightness__gt=80',
      '_size=0&brightness__exact=80&film__lt=b',
      '_size=0&brightness__exact=80&film__exact=b&frame__lt=9',
    ]);
  });

  it('puts NULLs after every value', () => {
    expect(strings(positionQueries(new URLSearchParams('_sort=p_emotion'), { film: 'b', frame: 9, p_emotion: null }))).toEqual([
      '_size=0&p_emotion__notnull=1',
      '_size=0&p_emotion__isnull=1&film__lt=b',
      '_size=0&p_emotion__isnull=1&film__exact=b&frame__lt=9',
    ]);
  });
});
