/**
 * The perceptual hash on real textured JPEGs (drawn with sharp, decoded as
 * the analysis decodes them), the multi-index search against brute force,
 * and the group rule that does not chain.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { hammingDistance, hashPixels, popcount32, type FrameHash } from '@/lib/dupes/hash';
import { DEFAULT_DUPE_DISTANCE, HashIndex, type HashArrays } from '@/lib/dupes/match';
import { brightened, cropped, filmColours, flatFrame, makeScene, reencoded, shotFrame } from '@/lib/dupes/synthetic';
import { seededRandom } from '@/lib/seeded-random';
import { PALETTE_DECODE_WIDTH } from '@/lib/palette/extract';

async function hashOf(jpeg: Buffer): Promise<FrameHash> {
  // The analysis's decode: the grid's 240 px thumbnail (decodeForThumbnail), raw.
  const { data, info } = await sharp(jpeg).resize({ width: PALETTE_DECODE_WIDTH, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
  return hashPixels({ data, width: info.width, height: info.height, channels: info.channels });
}

function arrays(hashes: FrameHash[]): HashArrays {
  return {
    count: hashes.length,
    hi: Uint32Array.from(hashes, (h) => h.hi),
    lo: Uint32Array.from(hashes, (h) => h.lo),
    lab: Float32Array.from(hashes.flatMap((h) => [h.l, h.a, h.b])),
  };
}

const W = 640;
const H = 360;
interface Shot {
  film: number;
  frames: FrameHash[];
  copies: { reencoded: FrameHash; brightened: FrameHash; cropped: FrameHash };
}
const shots: Shot[] = [];

beforeAll(async () => {
  for (let film = 0; film < 2; film++) {
    for (let s = 0; s < 4; s++) {
      const scene = await makeScene(W, H, filmColours(film + 1), film * 10 + s + 1);
      const jpegs: Buffer[] = [];
      for (let f = 0; f < 4; f++) jpegs.push(await shotFrame(scene, 3 * f, 2 * f, film * 1000 + s * 10 + f));
      shots.push({
        film,
        frames: await Promise.all(jpegs.map(hashOf)),
        copies: {
          reencoded: await hashOf(await reencoded(jpegs[0], 50)),
          brightened: await hashOf(await brightened(jpegs[0], 1.15)),
          cropped: await hashOf(await cropped(jpegs[0], 6)),
        },
      });
    }
  }
});

describe('the hash on textured frames', () => {
  it('finds re-encoded, brightened and cropped copies within the default distance, mean colour included', () => {
    for (const shot of shots) {
      const index = new HashIndex(arrays([shot.frames[0], shot.copies.reencoded, shot.copies.brightened, shot.copies.cropped]));
      for (let j = 1; j < 4; j++) expect(index.near(0, j, DEFAULT_DUPE_DISTANCE)).toBe(true);
    }
  });

  it('finds the next frame of a shot (a camera move of a few pixels)', () => {
    for (const shot of shots) expect(hammingDistance(shot.frames[0], shot.frames[1])).toBeLessThanOrEqual(DEFAULT_DUPE_DISTANCE);
  });

  it('does not match frames of other shots, of the same film or another', () => {
    let closest = 64;
    for (const [i, a] of shots.entries()) {
      for (const b of shots.slice(i + 1)) {
        for (const p of a.frames) for (const q of b.frames) closest = Math.min(closest, hammingDistance(p, q));
      }
    }
    expect(closest).toBeGreaterThan(DEFAULT_DUPE_DISTANCE);
  });

  it('does not match flat frames of different colours, and matches flat frames of one colour', async () => {
    const colours: Array<[number, number, number]> = [
      [200, 30, 30],
      [30, 40, 200],
      [20, 160, 40],
      [250, 250, 250],
      [3, 3, 3],
    ];
    const flat = await Promise.all(colours.map(async (c) => hashOf(await flatFrame(W, H, c))));
    const again = await Promise.all(colours.map(async (c) => hashOf(await reencoded(await flatFrame(W, H, c), 40))));
    const index = new HashIndex(arrays([...flat, ...again]));
    for (let i = 0; i < colours.length; i++) {
      expect(index.near(i, colours.length + i, DEFAULT_DUPE_DISTANCE)).toBe(true);
      for (let j = 0; j < colours.length; j++) if (j !== i) expect(index.near(i, j, DEFAULT_DUPE_DISTANCE)).toBe(false);
    }
  });
});

describe('multi-index search', () => {
  // Random hashes around a few centres, so that many are near each other, plus a wide spread.
  const next = seededRandom(7);
  const bits = () => (Math.floor(next() * 2 ** 32) >>> 0);
  const centres = Array.from({ length: 40 }, () => ({ hi: bits(), lo: bits() }));
  const hashes: FrameHash[] = Array.from({ length: 3000 }, (_, i) => {
    const c = centres[i % centres.length];
    let { hi, lo } = c;
    const flips = Math.floor(next() * 14);
    for (let f = 0; f < flips; f++) {
      const bit = Math.floor(next() * 64);
      if (bit < 32) hi = (hi ^ (1 << bit)) >>> 0;
      else lo = (lo ^ (1 << (bit - 32))) >>> 0;
    }
    return { hi, lo, l: 50, a: 0, b: 0 };
  });
  const data = arrays(hashes);

  it.each([0, 1, 3, 5, 8, 11, 16])('finds exactly what brute force finds within %i bits', (distance) => {
    const index = new HashIndex(data);
    for (let q = 0; q < 200; q++) {
      const found: number[] = [];
      index.forEachNear(q, distance, (j) => found.push(j));
      const expected = hashes.flatMap((h, j) => (hammingDistance(h, hashes[q]) <= distance ? [j] : []));
      expect(found.sort((a, b) => a - b)).toEqual(expected);
    }
  });

  it.each([4, 8, 12])('groups as taking representatives one by one would, within %i bits', (distance) => {
    const index = new HashIndex(data);
    const order = Array.from({ length: hashes.length }, (_, i) => (i * 7919) % hashes.length);
    const expected = new Int32Array(hashes.length).fill(-1);
    for (const i of order) {
      if (expected[i] !== -1) continue;
      expected[i] = i;
      index.forEachNear(i, distance, (j) => {
        if (expected[j] === -1) expected[j] = i;
      });
    }
    expect([...index.groups(order, distance)]).toEqual([...expected]);
    // The index is left as it was: searches after grouping find the same frames.
    const found: number[] = [];
    index.forEachNear(0, distance, (j) => found.push(j));
    expect(found.sort((a, b) => a - b)).toEqual(hashes.flatMap((h, j) => (hammingDistance(h, hashes[0]) <= distance ? [j] : [])));
  });

  it.each([3, 8])('visits every pair within %i bits once', (distance) => {
    const members = Array.from({ length: 1200 }, (_, i) => i);
    const found = new Set<string>();
    new HashIndex(data, members).forEachPair(distance, (i, j) => {
      const key = i < j ? `${i}-${j}` : `${j}-${i}`;
      expect(found.has(key)).toBe(false);
      found.add(key);
    });
    let expected = 0;
    for (let i = 0; i < 1200; i++) for (let j = i + 1; j < 1200; j++) if (hammingDistance(hashes[i], hashes[j]) <= distance) expected++;
    expect(found.size).toBe(expected);
  });

  it('searches only its members when given some', () => {
    const members = Array.from({ length: 1500 }, (_, i) => i * 2);
    const index = new HashIndex(data, members);
    const found: number[] = [];
    index.forEachNear(1, 16, (j) => found.push(j));
    expect(found.every((j) => j % 2 === 0)).toBe(true);
  });

  it('counts bits', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
  });
});

describe('near-duplicate groups', () => {
  it('do not chain A~B~C into one group when A and C differ', () => {
    // A slow pan: each hash 6 bits from the last, 12 from the one before.
    const chain: FrameHash[] = [];
    let hi = 0x12345678;
    for (let i = 0; i < 6; i++) {
      chain.push({ hi, lo: 0x9abcdef0, l: 50, a: 0, b: 0 });
      hi = (hi ^ (0x3f << (i * 6))) >>> 0;
    }
    for (let i = 1; i < chain.length; i++) expect(hammingDistance(chain[i - 1], chain[i])).toBe(6);
    expect(hammingDistance(chain[0], chain[2])).toBe(12);
    const index = new HashIndex(arrays(chain));
    const leader = index.groups([0, 1, 2, 3, 4, 5], 8);
    // Every member within 8 of its representative: groups {0, 1}, {2, 3}, {4, 5}.
    expect([...leader]).toEqual([0, 0, 2, 2, 4, 4]);
    for (let i = 0; i < chain.length; i++) expect(hammingDistance(chain[i], chain[leader[i]])).toBeLessThanOrEqual(8);
  });

  it('depend on the order representatives are taken in, which is given', () => {
    const h = (hi: number): FrameHash => ({ hi, lo: 0, l: 50, a: 0, b: 0 });
    const index = new HashIndex(arrays([h(0), h(0x3f), h(0xfff)]));
    expect([...index.groups([0, 1, 2], 6)]).toEqual([0, 0, 2]);
    expect([...index.groups([1, 0, 2], 6)]).toEqual([1, 1, 1]);
  });
});
