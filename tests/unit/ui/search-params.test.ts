import { describe, expect, it } from 'vitest';
import { DEFAULT_FACE_DISTANCE as API_FACE_DISTANCE, FACE_PARAMS } from '@/lib/query/face-filter';
import { DEFAULT_PALETTE_TOLERANCE as API_PALETTE_TOLERANCE, PALETTE_PARAMS } from '@/lib/query/palette-filter';
import { SEARCH_PARAMS } from '@/lib/query/search-filter';
import { replaceKeys } from '@/lib/ui/filter-params';
import {
  DEFAULT_FACE_DISTANCE,
  DEFAULT_PALETTE_TOLERANCE,
  DIALOGUE_KEYS,
  dialogueEntries,
  FACE_KEYS,
  faceScope,
  faceSearchChange,
  normaliseHex,
  PALETTE_KEYS,
  paletteEntries,
  readDialogueSearch,
  readFaceSearch,
  readPaletteFilter,
} from '@/lib/ui/search-params';

describe('the API\'s search parameters', () => {
  it('are the ones the UI writes, with the same defaults', () => {
    expect([...PALETTE_KEYS].sort()).toEqual([...PALETTE_PARAMS].sort());
    expect([...FACE_KEYS]).toEqual([...FACE_PARAMS]);
    expect([...DIALOGUE_KEYS]).toEqual([...SEARCH_PARAMS]);
    expect(DEFAULT_PALETTE_TOLERANCE).toBe(API_PALETTE_TOLERANCE);
    expect(DEFAULT_FACE_DISTANCE).toBe(API_FACE_DISTANCE);
  });
});

describe('palette parameters', () => {
  it('reads colours, tolerance and the like-frame from the URL', () => {
    const api = new URLSearchParams('_palette=FF8800,%23004466&_palette_tolerance=12&_palette_like=the_hustle_2019:194');
    expect(readPaletteFilter(api)).toEqual({ colours: ['ff8800', '004466'], tolerance: 12, like: { film: 'the_hustle_2019', frame: 194 } });
    expect(readPaletteFilter(new URLSearchParams('film=a'))).toEqual({ colours: [], tolerance: null, like: null });
  });

  it('writes the tolerance only with something to measure from, and at most five colours', () => {
    expect(paletteEntries({ colours: ['ff8800'], tolerance: 15, like: null })).toEqual([['_palette', 'ff8800'], ['_palette_tolerance', '15']]);
    expect(paletteEntries({ colours: [], tolerance: 15, like: null })).toEqual([]);
    expect(paletteEntries({ colours: [], tolerance: 8, like: { film: 'f_1', frame: 3 } })).toEqual([['_palette_like', 'f_1:3'], ['_palette_tolerance', '8']]);
    expect(paletteEntries({ colours: ['000001', '000002', '000003', '000004', '000005', '000006'], tolerance: null, like: null })).toEqual([
      ['_palette', '000001,000002,000003,000004,000005'],
    ]);
  });

  it('round-trips through the URL, replacing only its own keys', () => {
    const api = new URLSearchParams('film=a&_palette=112233&_palette_tolerance=5&p_face_size__gt=4');
    const next = replaceKeys(api, PALETTE_KEYS, paletteEntries({ ...readPaletteFilter(api), colours: ['112233', 'aabbcc'] }));
    expect(next.toString()).toBe('film=a&p_face_size__gt=4&_palette=112233%2Caabbcc&_palette_tolerance=5');
  });

  it('normalises hex colours and refuses anything else', () => {
    expect(normaliseHex('#AbCdEf')).toBe('abcdef');
    expect(normaliseHex(' 00ff00 ')).toBe('00ff00');
    expect(normaliseHex('#fff')).toBeNull();
    expect(normaliseHex('red')).toBeNull();
  });
});

describe('face search parameters', () => {
  it('reads the face and the distance, with the API default', () => {
    expect(readFaceSearch(new URLSearchParams('_face_like=the_hustle_2019:194:1&_face_distance=0.5'))).toEqual({
      face: { film: 'the_hustle_2019', frame: 194, face: 1 },
      distance: 0.5,
    });
    expect(readFaceSearch(new URLSearchParams('_face_like=the_hustle_2019:194:0'))?.distance).toBe(0.6);
    expect(readFaceSearch(new URLSearchParams('_face_like=the_hustle_2019:194'))).toBeNull();
    expect(readFaceSearch(new URLSearchParams(''))).toBeNull();
  });

  it('scopes the search with film=: this film, all films, or the films already chosen', () => {
    const search = { face: { film: 'f_1', frame: 7, face: 0 }, distance: 0.55 };
    const api = new URLSearchParams('film=f_1&film=f_2&prim_char_flag=1');
    expect(faceScope(api, 'f_1')).toBe('other');
    expect(faceScope(new URLSearchParams('film=f_1'), 'f_1')).toBe('film');
    expect(faceScope(new URLSearchParams('prim_char_flag=1'), 'f_1')).toBe('all');

    const thisFilm = faceSearchChange(search, 'film');
    expect(replaceKeys(api, thisFilm.keys, thisFilm.entries).toString()).toBe('prim_char_flag=1&_face_like=f_1%3A7%3A0&_face_distance=0.55&film=f_1');
    const all = faceSearchChange(search, 'all');
    expect(replaceKeys(api, all.keys, all.entries).toString()).toBe('prim_char_flag=1&_face_like=f_1%3A7%3A0&_face_distance=0.55');
    const other = faceSearchChange(search, 'other');
    expect(replaceKeys(api, other.keys, other.entries).toString()).toBe('film=f_1&film=f_2&prim_char_flag=1&_face_like=f_1%3A7%3A0&_face_distance=0.55');
  });
});

describe('dialogue and character parameters', () => {
  it('writes words trimmed, a raw query as typed, and nothing for blank text', () => {
    expect(dialogueEntries('  you come ', false)).toEqual([['_search', 'you come']]);
    expect(dialogueEntries('"just one" ', true)).toEqual([['_search', '"just one" '], ['_searchmode', 'raw']]);
    expect(dialogueEntries('   ', true)).toEqual([]);
    expect(readDialogueSearch(new URLSearchParams('_search=thi*&_searchmode=raw'))).toEqual({ text: 'thi*', raw: true });
    expect(readDialogueSearch(new URLSearchParams('_search=think'))).toEqual({ text: 'think', raw: false });
    expect(readDialogueSearch(new URLSearchParams(''))).toBeNull();
  });
});
