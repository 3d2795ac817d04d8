import { describe, expect, it } from 'vitest';
import { binsRange, choiceEntries, conditionsOn, impliedRange, isInverted, paramKey, rangeEntries, replaceKeys, satisfies, withoutKeys } from '@/lib/ui/filter-params';

describe('filter params', () => {
  it('names the key a parameter belongs to', () => {
    expect(['p_face_size__gt', 'film', '_color', 'faces_found__not', 'frame'].map(paramKey)).toEqual([
      'p_face_size',
      'film',
      '_color',
      'faces_found',
      'frame',
    ]);
  });

  it('replaces one control’s parameters and keeps the rest in order', () => {
    const params = new URLSearchParams('film=a&p_face_size__gt=4&blank__isnull=1&p_face_size__lt=20');
    expect(replaceKeys(params, ['p_face_size'], [['p_face_size__gte', '1']]).toString()).toBe('film=a&blank__isnull=1&p_face_size__gte=1');
    expect(withoutKeys(params, ['film', 'blank']).toString()).toBe('p_face_size__gt=4&p_face_size__lt=20');
  });

  it('evaluates conditions as the SQL does', () => {
    const on = (query: string, column: string) => conditionsOn(new URLSearchParams(query), column);
    expect(satisfies('faces_found', on('faces_found__gte=2', 'faces_found'), 3)).toBe(true);
    expect(satisfies('faces_found', on('faces_found__gte=2', 'faces_found'), 1)).toBe(false);
    expect(satisfies('faces_found', on('faces_found__gte=2', 'faces_found'), null)).toBe(false);
    expect(satisfies('faces_found', on('faces_found__not=2', 'faces_found'), null)).toBe(true);
    expect(satisfies('p_emotion', on('p_emotion__in=happy,sad', 'p_emotion'), 'sad')).toBe(true);
    expect(satisfies('p_emotion', on('p_emotion__in=happy,sad', 'p_emotion'), 'fear')).toBe(false);
    expect(satisfies('blank', on('blank__isnull=1', 'blank'), null)).toBe(true);
    expect(satisfies('film', on('film=a&film=b', 'film'), 'b')).toBe(true);
    expect(satisfies('film', on('film=a&film=b', 'film'), 'c')).toBe(false);
    // Numeric columns compare as numbers, not text: "10" > "9".
    expect(satisfies('brightness', on('brightness__gt=9', 'brightness'), 10)).toBe(true);
  });

  it('writes choices and reads ranges', () => {
    expect(choiceEntries('p_emotion', ['happy'])).toEqual([['p_emotion', 'happy']]);
    expect(choiceEntries('p_emotion', ['happy', 'sad'])).toEqual([['p_emotion__in', 'happy,sad']]);
    expect(choiceEntries('film', ['a', 'b'])).toEqual([['film', 'a'], ['film', 'b']]);
    expect(impliedRange(conditionsOn(new URLSearchParams('brightness__gte=10&brightness__lt=50&brightness__lte=40'), 'brightness'))).toEqual({
      lo: 10,
      hi: 40,
      loOp: 'gte',
      hiOp: 'lte',
    });
  });

  it("keeps a range's operators: a preset's strict ends stay strict when one end is edited", () => {
    const range = impliedRange(conditionsOn(new URLSearchParams('p_face_size__gt=4&p_face_size__lt=20'), 'p_face_size'));
    expect(range).toEqual({ lo: 4, hi: 20, loOp: 'gt', hiOp: 'lt' });
    expect(rangeEntries('p_face_size', { ...range, hi: 15 })).toEqual([
      ['p_face_size__gt', '4'],
      ['p_face_size__lt', '15'],
    ]);
    expect(rangeEntries('brightness', { lo: null, hi: 9, loOp: 'gte', hiOp: 'lte' })).toEqual([['brightness__lte', '9']]);
  });

  it('knows an inverted range, and the range of histogram bins', () => {
    expect(isInverted({ lo: 6, hi: 3, loOp: 'gte', hiOp: 'lte' })).toBe(true);
    expect(isInverted({ lo: 3, hi: 3, loOp: 'gte', hiOp: 'lte' })).toBe(false);
    expect(isInverted({ lo: 3, hi: 3, loOp: 'gt', hiOp: 'lte' })).toBe(true);
    expect(isInverted({ lo: 6, hi: null, loOp: 'gte', hiOp: 'lte' })).toBe(false);
    const bins = [
      { from: 0, to: 10 },
      { from: 10, to: 20 },
      { from: 20, to: 30 },
    ];
    expect(binsRange(bins, 1, 1)).toEqual({ lo: 10, hi: 20, loOp: 'gte', hiOp: 'lt' });
    expect(binsRange(bins, 2, 0)).toEqual({ lo: 0, hi: 30, loOp: 'gte', hiOp: 'lte' });
  });
});
