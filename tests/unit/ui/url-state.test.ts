import { describe, expect, it } from 'vitest';
import { apiParams, DEFAULT_VIEW, pageQuery, parseFrameRef, readView, TILE_MAX } from '@/lib/ui/url-state';

describe('url state', () => {
  it('keeps view keys out of the API query and drops per-request paging', () => {
    const search = new URLSearchParams('prim_char_flag=1&view.tile=300&_offset=200&film=a&view.frame=a:3&_sort_desc=brightness');
    expect(apiParams(search).toString()).toBe('prim_char_flag=1&film=a&_sort_desc=brightness');
  });

  it('reads the view with defaults and clamps the tile size', () => {
    expect(readView(new URLSearchParams(''))).toEqual(DEFAULT_VIEW);
    const view = readView(new URLSearchParams('view.mode=table&view.tile=9999&view.boxes=0&view.cols=film,frame&view.frame=knives_out_2019:12&view.sel=3&view.palettes=1&view.at=240'));
    expect(view).toEqual({ mode: 'table', tile: TILE_MAX, boxes: false, cols: ['film', 'frame'], frame: { film: 'knives_out_2019', frame: 12 }, sel: 3, palettes: true, at: 240 });
  });

  it('writes only non-default view keys, after the API parameters, readably', () => {
    const api = new URLSearchParams('p_face_size__in=4,5&film=the hustle');
    expect(pageQuery(api, DEFAULT_VIEW)).toBe('p_face_size__in=4,5&film=the%20hustle');
    expect(pageQuery(api, { ...DEFAULT_VIEW, boxes: false, frame: { film: 'f_1', frame: 7 } })).toBe(
      'p_face_size__in=4,5&film=the%20hustle&view.boxes=0&view.frame=f_1:7',
    );
  });

  it('round-trips a page query through readView and apiParams', () => {
    const view = { mode: 'table' as const, tile: 300, boxes: false, cols: ['brightness'], frame: { film: 'a_b', frame: 2 }, sel: 12, palettes: true, at: 57 };
    const search = new URLSearchParams(pageQuery(new URLSearchParams('blank__isnull=1'), view));
    expect(readView(search)).toEqual(view);
    expect(apiParams(search).toString()).toBe('blank__isnull=1');
  });

  it('keeps the current selection in view.sel, ignoring anything but a positive id', () => {
    expect(pageQuery(new URLSearchParams('film=a'), { ...DEFAULT_VIEW, sel: 7, frame: { film: 'a', frame: 1 } })).toBe('film=a&view.sel=7&view.frame=a:1');
    for (const bad of ['', '0', '-1', '1.5', 'x', '01']) expect(readView(new URLSearchParams(`view.sel=${bad}`)).sel, bad).toBeNull();
  });

  it('keeps the first visible result in view.at, leaving out the top', () => {
    expect(pageQuery(new URLSearchParams('film=a'), { ...DEFAULT_VIEW, at: 480 })).toBe('film=a&view.at=480');
    expect(pageQuery(new URLSearchParams('film=a'), { ...DEFAULT_VIEW, at: 0 })).toBe('film=a');
    for (const bad of ['0', '-3', '2.5', 'top']) expect(readView(new URLSearchParams(`view.at=${bad}`)).at, bad).toBeNull();
  });

  it('refuses malformed frame references', () => {
    for (const bad of ['', 'film', ':3', 'film:', 'film:x', 'film:1.5']) expect(parseFrameRef(bad), bad).toBeNull();
    expect(parseFrameRef('a:b:3')).toEqual({ film: 'a:b', frame: 3 });
  });
});
