import { describe, expect, it } from 'vitest';
import { highlightSegments, searchTerms } from '@/lib/ui/dialogue-highlight';
import { formatElapsed } from '@/lib/ui/elapsed';
import { describePalette, formatShare, stripWidths } from '@/lib/ui/palette-display';

describe('dialogue highlight', () => {
  it('marks the searched words, ignoring case and accents, and gives the line back unchanged', () => {
    const terms = searchTerms({ text: "you'd COME", raw: false });
    const line = "I didn't think you'd come.";
    const segments = highlightSegments(line, terms);
    expect(segments.map((s) => s.text).join('')).toBe(line);
    expect(segments.filter((s) => s.hit).map((s) => s.text)).toEqual(['you', 'd', 'come']);
    expect(highlightSegments('Un café, Cafe, CAFÉ!', searchTerms({ text: 'cafe', raw: false })).filter((s) => s.hit).map((s) => s.text)).toEqual([
      'café',
      'Cafe',
      'CAFÉ',
    ]);
  });

  it('reads a word ending in * as a prefix, as the server does', () => {
    const terms = searchTerms({ text: 'happ* come', raw: false });
    expect(terms).toEqual([
      { text: 'happ', prefix: true },
      { text: 'come', prefix: false },
    ]);
    expect(highlightSegments('Then tonight we find out what happened.', terms).filter((s) => s.hit).map((s) => s.text)).toEqual(['happened']);
  });

  it('reads a raw FTS5 query: operators are not words, a star is a prefix', () => {
    const terms = searchTerms({ text: '"just one" OR thi* NOT back', raw: true });
    expect(terms).toEqual([
      { text: 'just', prefix: false },
      { text: 'one', prefix: false },
      { text: 'thi', prefix: true },
      { text: 'back', prefix: false },
    ]);
    const segments = highlightSegments('Just think of this one thing', terms);
    expect(segments.filter((s) => s.hit).map((s) => s.text)).toEqual(['Just', 'think', 'this', 'one', 'thing']);
  });

  it('leaves a line without the words as one plain run', () => {
    expect(highlightSegments('Nothing here.', searchTerms({ text: 'think', raw: false }))).toEqual([{ text: 'Nothing here.', hit: false }]);
  });
});

describe('palette display', () => {
  const palette = [
    { hex: '5a4a3f', share: 0.62 },
    { hex: 'c8b8a0', share: 0.375 },
    { hex: '000000', share: 0.004 },
  ];

  it('describes each colour with its share, a sliver as <1 %', () => {
    expect(formatShare(0.62)).toBe('62 %');
    expect(formatShare(0)).toBe('0 %');
    expect(describePalette(palette)).toBe('#5a4a3f 62 %, #c8b8a0 38 %, #000000 <1 %');
  });

  it('gives widths proportional to the shares, filling the strip', () => {
    const [first, second] = stripWidths([{ hex: 'aaaaaa', share: 0.3 }, { hex: 'bbbbbb', share: 0.1 }]);
    expect(first).toBeCloseTo(75, 10);
    expect(second).toBeCloseTo(25, 10);
    expect(stripWidths(palette).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 10);
  });
});

describe('search durations', () => {
  it('shows short scans to the hundredth of a millisecond, long ones in seconds', () => {
    expect(formatElapsed(0.4231)).toBe('0.42 ms');
    expect(formatElapsed(12.4)).toBe('12 ms');
    expect(formatElapsed(1340)).toBe('1.3 s');
  });
});
