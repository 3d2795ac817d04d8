/**
 * A colour search that finds nothing offers the nearest mean colours the
 * library has (under the other filters), each with its ΔE and a frame; and
 * every colour example in the docs finds frames on the demo library.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rgbToLab } from '@/lib/color/lab';
import { QueryError } from '@/lib/errors';
import { queryFrames } from '@/lib/query/frames';
import { nearestColours } from '@/lib/query/nearest-colours';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

let demo: DemoDatabase;
beforeAll(async () => {
  demo = await demoDatabase('nearest-colours');
});
afterAll(() => demo.cleanup());

const total = (query: string) => queryFrames(demo.db, new URLSearchParams(`${query}&_size=0`)).total;
const q = (query: string) => new URLSearchParams(query);

describe('nearest colours', () => {
  it('lists distinct mean colours nearest first, each found again by a search for it', () => {
    expect(total('_color=ff00ff&_color_distance=5')).toBe(0);
    const near = nearestColours(demo.db, q('_color=ff00ff&_color_distance=5'));
    expect(near).toHaveLength(5);
    expect(new Set(near.map((c) => c.hex)).size).toBe(5);
    expect(near.map((c) => c.distance)).toEqual([...near.map((c) => c.distance)].sort((x, y) => x - y));
    // Brute force over every frame: none is nearer than the first suggestion.
    const target = rgbToLab(255, 0, 255);
    const frames = demo.db.prepare('SELECT lab_l, lab_a, lab_b FROM frames WHERE lab_l IS NOT NULL').all() as Array<{ lab_l: number; lab_a: number; lab_b: number }>;
    const nearest = Math.min(...frames.map((f) => Math.hypot(f.lab_l - target.l, f.lab_a - target.a, f.lab_b - target.b)));
    expect(near[0].distance).toBe(Math.round(nearest * 10) / 10);
    for (const colour of near) {
      const found = queryFrames(demo.db, q(`_color=${colour.hex}&_color_distance=5&_size=1000`)).frames;
      expect(found.some((f) => f.film === colour.film && f.frame === colour.frame), colour.hex).toBe(true);
    }
  });

  it('looks only among the frames the other filters match', () => {
    const near = nearestColours(demo.db, q('film=knives_out_2019&prim_char_flag=1&_color=00ff00&_color_distance=3'), 4);
    expect(near).toHaveLength(4);
    for (const colour of near) expect(total(`film=knives_out_2019&prim_char_flag=1&_color=${colour.hex}&_color_distance=3`), colour.hex).toBeGreaterThan(0);
    expect(near.every((c) => c.film === 'knives_out_2019')).toBe(true);
  });

  it('refuses a missing or malformed colour, naming the parameter', () => {
    expect(() => nearestColours(demo.db, q('film=knives_out_2019'))).toThrow(QueryError);
    expect(() => nearestColours(demo.db, q('_color=red'))).toThrow(/_color|six-digit/);
    expect(() => nearestColours(demo.db, q('_color=ff0000'), 40)).toThrow(/from 1 to 12/);
  });
});

describe("the docs' colour examples", () => {
  const docs = ['README.md', ...readdirSync('docs').map((f) => `docs/${f}`)].map((file) => [file, readFileSync(file, 'utf8')] as const);
  const examples = docs.flatMap(([file, text]) =>
    [...text.matchAll(/_color=([0-9a-f]{6})(?:&_color_distance=(\d+))?/gi)].map((m) => ({
      file,
      colour: m[1],
      distance: m[2] ?? null,
      // An example given as finding nothing says so right after it.
      finds: !/^`?\s*finds no frame/.test(text.slice(m.index + m[0].length)),
    })),
  );

  it('are there to test', () => {
    expect(examples.length).toBeGreaterThan(1);
  });

  it.each(examples.map((e) => [`${e.file}: _color=${e.colour}${e.distance ? `&_color_distance=${e.distance}` : ''}`, e]))('%s finds what the docs say on the demo library', (_, e) => {
    const found = total(`_color=${e.colour}${e.distance ? `&_color_distance=${e.distance}` : ''}`);
    if (e.finds) expect(found).toBeGreaterThan(0);
    else expect(found).toBe(0);
  });
});
