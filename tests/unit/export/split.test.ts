/** The pure arithmetic of splits and majority dropping, table-driven and with fast-check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelFolder, exportPath, imageFileName } from '@/lib/export/layout';
import type { SplitFraction } from '@/lib/export/options';
import { assignFilms, dropCount, largestRemainder, majority, seededHash, splitOfRank } from '@/lib/export/split';
import { needsZip64 } from '@/lib/export/zip-sink';

const SPLIT_3: SplitFraction[] = [
  { name: 'train', fraction: 0.8 },
  { name: 'validation', fraction: 0.1 },
  { name: 'test', fraction: 0.1 },
];

describe('largestRemainder', () => {
  it.each([
    [10, [0.8, 0.1, 0.1], [8, 1, 1]],
    [254, [0.8, 0.1, 0.1], [203, 26, 25]],
    [546, [0.8, 0.1, 0.1], [437, 55, 54]],
    [7, [0.5, 0.5], [4, 3]],
    [3, [1 / 3, 1 / 3, 1 / 3], [1, 1, 1]],
    [1, [0.7, 0.3], [1, 0]],
    [0, [0.7, 0.3], [0, 0]],
    [5, [1], [5]],
  ])('shares %i by %j as %j', (n, fractions, expected) => {
    expect(largestRemainder(n, fractions)).toEqual(expected);
  });

  it('always adds up to n, each share within one of n x fraction', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 3 }), (n, weights) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const fractions = weights.map((w) => w / total);
        const shares = largestRemainder(n, fractions);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(n);
        shares.forEach((share, i) => expect(Math.abs(share - n * fractions[i])).toBeLessThan(1));
      }),
    );
  });
});

describe('splitOfRank', () => {
  it('gives ranks 1..8 to train, 9 to validation, 10 to test for shares 8, 1, 1', () => {
    const names = Array.from({ length: 10 }, (_, i) => splitOfRank(i + 1, SPLIT_3, [8, 1, 1]));
    expect(names).toEqual(['train', 'train', 'train', 'train', 'train', 'train', 'train', 'train', 'validation', 'test']);
  });
});

describe('assignFilms', () => {
  const films = Array.from({ length: 15 }, (_, i) => `film_${i}_2019`);

  it('puts every film in exactly one split, film counts by largest remainder', () => {
    const assignment = assignFilms(films, SPLIT_3, 7);
    expect([...assignment.keys()].sort()).toEqual([...films].sort());
    const counts = SPLIT_3.map((s) => [...assignment.values()].filter((v) => v === s.name).length);
    expect(counts).toEqual([12, 2, 1]);
  });

  it('gives each split at least one film when there are enough films', () => {
    const assignment = assignFilms(['a_1', 'b_2', 'c_3'], SPLIT_3, 0);
    expect(new Set(assignment.values())).toEqual(new Set(['train', 'validation', 'test']));
    expect(new Set(assignFilms(['a_1', 'b_2'], SPLIT_3, 0).values()).size).toBeLessThanOrEqual(2);
  });

  it('is the same for the same seed, whatever the input order, and differs between seeds', () => {
    const a = assignFilms(films, SPLIT_3, 42);
    expect(assignFilms([...films].reverse(), SPLIT_3, 42)).toEqual(a);
    const differs = [1, 2, 3, 4, 5].some((seed) => [...assignFilms(films, SPLIT_3, seed)].some(([film, split]) => a.get(film) !== split));
    expect(differs).toBe(true);
  });
});

describe('majority and drops', () => {
  it.each([
    [[['"negative"', 546], ['"positive"', 254]], '"negative"'],
    [[['"b"', 5], ['"a"', 5]], '"a"'],
    [[], null],
  ] as Array<[Array<[string, number]>, string | null]>)('majority of %j is %s', (entries, expected) => {
    expect(majority(new Map(entries))).toBe(expected);
  });

  it.each([
    [437, 0.4, 175],
    [10, 0.25, 3],
    [0, 0.5, 0],
    [3, 0.5, 2],
  ])('drops %i x %f = %i rows', (count, share, expected) => {
    expect(dropCount(count, share)).toBe(expected);
  });
});

describe('seededHash', () => {
  it('is stable across runs (the value is part of the export format) and spreads keys', () => {
    expect(seededHash('0:frame:the_hustle_2019:20')).toBe(seededHash('0:frame:the_hustle_2019:20'));
    expect(seededHash('a')).toBe(7929297801672961);
    const values = new Set(Array.from({ length: 1000 }, (_, i) => seededHash(`1:frame:x:${i}`)));
    expect(values.size).toBe(1000);
  });
});

describe('layout', () => {
  it.each([
    [null, 'none'],
    ['happy', 'happy'],
    [28, '28'],
    [2.39, '2.39'],
    ['a/b', 'a_b'],
    ['..', '__'],
    ['.', '_'],
    ['', '_'],
    ['x\\y:z*?', 'x_y_z__'],
    ['line\nbreak', 'line_break'],
  ] as Array<[string | number | null, string]>)('label %j is folder %j', (value, folder) => {
    expect(labelFolder(value)).toBe(folder);
  });

  it('builds paths from split, label and the original file name', () => {
    expect(exportPath('train', 'positive', imageFileName('the_hustle_2019', 20, null))).toBe('train/positive/the_hustle_2019_frame_20.jpg');
    expect(exportPath(null, null, imageFileName('the_hustle_2019', 20, 'png'))).toBe('the_hustle_2019_frame_20.png');
  });

  it('forces ZIP64 beyond 65,535 entries or 4 GB', () => {
    expect(needsZip64(65_535, 1e9)).toBe(false);
    expect(needsZip64(65_536, 1e9)).toBe(true);
    expect(needsZip64(10, 2 ** 32)).toBe(true);
  });
});
