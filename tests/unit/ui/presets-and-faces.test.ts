import { describe, expect, it } from 'vitest';
import { faceBucketCounts, faceCountEntries, selectedFaceBuckets } from '@/lib/ui/face-count';
import { activePreset, applyPreset, SHOT_PRESETS } from '@/lib/ui/shot-presets';

const preset = (id: string) => SHOT_PRESETS.find((p) => p.id === id)!;

describe('shot presets', () => {
  it("the medium close-up preset is exactly the seed's query", () => {
    expect(applyPreset(new URLSearchParams(''), preset('medium-close-up')).toString()).toBe('prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20');
  });

  it('replaces conflicting conditions, keeps other filters, and is recognised back', () => {
    const params = applyPreset(new URLSearchParams('film=a&faces_found=2&p_face_size__gte=50'), preset('close-up'));
    expect(params.toString()).toBe('film=a&prim_char_flag=1&p_face_size__gte=20');
    expect(activePreset(params)?.id).toBe('close-up');
    expect(activePreset(new URLSearchParams('p_face_size__lt=20&prim_char_flag=1&p_face_size__gt=4'))?.id).toBe('medium-close-up');
    expect(activePreset(new URLSearchParams('prim_char_flag=1'))).toBeNull();
  });

  it('the face-size presets partition the sizes of frames with a primary character', () => {
    for (const size of [0.2, 1, 1.01, 4, 4.01, 19.99, 20, 60]) {
      const matching = SHOT_PRESETS.filter((p) =>
        p.entries.every(([name, value]) => {
          if (name === 'prim_char_flag') return true;
          if (name === 'faces_found') return false;
          const bound = Number(value);
          return name.endsWith('__gte') ? size >= bound : name.endsWith('__gt') ? size > bound : name.endsWith('__lte') ? size <= bound : size < bound;
        }),
      );
      expect(matching.length, `size ${size}`).toBe(1);
    }
  });
});

describe('face count buckets', () => {
  const roundTrip = (buckets: number[]) => selectedFaceBuckets(new URLSearchParams(faceCountEntries(buckets)));

  it('writes the simplest conditions', () => {
    expect(faceCountEntries([])).toEqual([]);
    expect(faceCountEntries([0, 1, 2, 3, 4])).toEqual([]);
    expect(faceCountEntries([1])).toEqual([['faces_found', '1']]);
    expect(faceCountEntries([2, 0])).toEqual([['faces_found__in', '0,2']]);
    expect(faceCountEntries([4])).toEqual([['faces_found__gte', '4']]);
    expect(faceCountEntries([2, 3, 4])).toEqual([['faces_found__gte', '2']]);
    expect(faceCountEntries([0, 4])).toEqual([['faces_found__notnull', '1'], ['faces_found__not', '1'], ['faces_found__not', '2'], ['faces_found__not', '3']]);
  });

  it('reads back every selection it writes', () => {
    for (let mask = 1; mask < 31; mask++) {
      const buckets = [0, 1, 2, 3, 4].filter((b) => mask & (1 << b));
      expect(roundTrip(buckets), buckets.join(',')).toEqual(buckets);
    }
  });

  it('sums 4 faces and more into the last bucket', () => {
    expect(faceBucketCounts([{ value: 1, count: 5 }, { value: 4, count: 2 }, { value: 7, count: 1 }, { value: null, count: 3 }])).toEqual([0, 5, 0, 0, 3]);
  });
});
