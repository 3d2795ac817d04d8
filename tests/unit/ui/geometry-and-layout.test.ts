import { describe, expect, it } from 'vitest';
import { containRect, faceRect, thumbWidth } from '@/lib/ui/geometry';
import { gridLayout, MAX_PAGE_PX, pageOf } from '@/lib/ui/grid-layout';
import { TILE_DEFAULT } from '@/lib/ui/url-state';
import { PREGENERATED_WIDTHS } from '@/lib/thumb-widths';

describe('geometry', () => {
  it('contains a wide frame in a 16:9 box with bars above and below', () => {
    const wide = containRect(320, 180, 1920, 800);
    expect(wide.left).toBe(0);
    expect(wide.width).toBe(320);
    expect(wide.height).toBeCloseTo(320 / 2.4, 9);
    expect(wide.top).toBeCloseTo((180 - 320 / 2.4) / 2, 9);
    expect(containRect(100, 100, 1920, 1080)).toEqual({ left: 0, top: (100 - 56.25) / 2, width: 100, height: 56.25 });
    expect(containRect(100, 200, 50, 100)).toEqual({ left: 0, top: 0, width: 100, height: 200 });
  });

  it('scales a face box by the JPEG size into the drawn rectangle', () => {
    const image = containRect(320, 180, 1920, 800);
    const face = faceRect([100, 600, 400, 300], image, 1920, 800);
    expect(face.left).toBeCloseTo(50, 9);
    expect(face.top).toBeCloseTo(image.top + 100 / 6, 9);
    expect(face.width).toBeCloseTo(50, 9);
    expect(face.height).toBeCloseTo(50, 9);
  });

  it('picks the smallest ladder width covering the device pixels', () => {
    expect(thumbWidth(150, 1)).toBe(160);
    expect(thumbWidth(160, 1)).toBe(160);
    expect(thumbWidth(161, 1)).toBe(240);
    expect(thumbWidth(220, 2)).toBe(480);
    expect(thumbWidth(1000, 2)).toBe(1280);
  });
});

describe('grid layout and pages', () => {
  it('asks for a pre-generated thumbnail width at the default tile size on a 1x screen, in any grid 700 px wide or more', () => {
    const asked = new Set<number>();
    for (let width = 700; width <= 3000; width++) asked.add(thumbWidth(gridLayout(width, TILE_DEFAULT).tileWidth, 1));
    expect([...asked].sort((a, b) => a - b)).toEqual([...PREGENERATED_WIDTHS]);
  });

  it('fills the width with whole tiles', () => {
    const layout = gridLayout(1000, 220);
    expect(layout.cols).toBe(4);
    expect(layout.tileWidth * layout.cols + 12 * (layout.cols - 1)).toBeCloseTo(1000);
  });

  it('keeps every page under the height limit, a million frames included', () => {
    for (const [width, tile] of [[320, 480], [1400, 120], [800, 220]]) {
      const layout = gridLayout(width, tile);
      expect((layout.pageSize / layout.cols) * layout.rowHeight).toBeLessThanOrEqual(MAX_PAGE_PX);
      const last = pageOf(1_000_000, layout.pageSize, Infinity);
      expect(last.start + last.size).toBe(1_000_000);
      expect(last.count).toBe(Math.ceil(1_000_000 / layout.pageSize));
    }
    expect(pageOf(0, 100, 3)).toEqual({ index: 0, count: 1, start: 0, size: 0 });
  });
});
