import { describe, expect, it } from 'vitest';
import { deltaE, parseHexColor, rgbToLab } from '@/lib/color/lab';

describe('rgbToLab', () => {
  // Reference values for sRGB (D65), as published in colour-science tables.
  it.each([
    [[255, 255, 255], [100, 0, 0]],
    [[0, 0, 0], [0, 0, 0]],
    [[255, 0, 0], [53.2408, 80.0925, 67.2032]],
    [[0, 255, 0], [87.7347, -86.1827, 83.1793]],
    [[0, 0, 255], [32.2970, 79.1875, -107.8602]],
    [[128, 128, 128], [53.5850, 0, 0]],
  ])('%j is L*a*b* %j', (rgb, lab) => {
    const got = rgbToLab(rgb[0], rgb[1], rgb[2]);
    expect(got.l).toBeCloseTo(lab[0], 2);
    expect(got.a).toBeCloseTo(lab[1], 2);
    expect(got.b).toBeCloseTo(lab[2], 2);
  });

  it('measures perceptual, not channel, distance', () => {
    // The same RGB step is a bigger visible change in dark blues than in bright greens.
    const blueStep = deltaE(rgbToLab(0, 0, 40), rgbToLab(0, 0, 80));
    const greenStep = deltaE(rgbToLab(0, 200, 0), rgbToLab(0, 240, 0));
    expect(blueStep).toBeGreaterThan(greenStep);
  });
});

describe('parseHexColor', () => {
  it('reads six hex digits with or without #', () => {
    expect(parseHexColor('ff8800')).toEqual({ red: 255, green: 136, blue: 0 });
    expect(parseHexColor('#0A0b0C')).toEqual({ red: 10, green: 11, blue: 12 });
  });
  it.each(['f80', 'orange', 'ff88001', '', 'gg0000'])('refuses %j', (text) => {
    expect(parseHexColor(text)).toBeNull();
  });
});
