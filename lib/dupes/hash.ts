/**
 * A 64-bit perceptual hash of a frame, from the small decode the palette
 * analysis makes anyway (lib/palette/analyze.ts), so hashing costs no decode
 * of its own. Two hashes are compared by Hamming distance (bits that differ).
 *
 * Both classic hashes are here because the choice was measured
 * (scripts/bench/dupes.ts, BENCHMARKS.md "Near-duplicates and shot-aware
 * splits"): dHash (the sign of 8 × 8 horizontal gradients) and the DCT pHash
 * (the sign of the 8 × 8 lowest DCT frequencies against their median).
 * FRAME_HASH names the one the analysis stores.
 *
 * A hash alone says nothing about colour and nothing about flat pictures (a
 * flat frame's gradients and frequencies are all ~0, their signs the JPEG's
 * noise). So a picture with almost no texture (LOW_TEXTURE) gets the hash 0,
 * which all flat pictures share, and the record keeps the frame's mean colour
 * in CIELAB beside the hash: two frames are near-duplicates only when their
 * mean colours are close too (lib/dupes/match.ts). A black frame then matches
 * every black frame, in any film, and no red one.
 */
import { rgbToLab } from '@/lib/color/lab';

export type HashKind = 'dhash' | 'phash';

/** The hash `npm run analyze` stores (the measured choice). */
export const FRAME_HASH: HashKind = 'phash';

export interface FrameHash {
  /** Bits 63-32 and 31-0, unsigned: two 32-bit halves, because SQLite integers and JS numbers both hold them exactly. */
  hi: number;
  lo: number;
  /** Mean colour of the picture, CIELAB. */
  l: number;
  a: number;
  b: number;
}

export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/** Grey levels (Rec. 601 luma) averaged over a `cols` × `rows` grid of boxes, and the mean sRGB. */
function shrinkGrey({ data, width, height, channels }: Pixels, cols: number, rows: number): { grey: Float64Array; rgb: [number, number, number] } {
  const grey = new Float64Array(cols * rows);
  const count = new Float64Array(cols * rows);
  const green = channels >= 3 ? 1 : 0;
  const blue = channels >= 3 ? 2 : 0;
  let r = 0;
  let g = 0;
  let bl = 0;
  for (let y = 0; y < height; y++) {
    const row = Math.min(rows - 1, Math.floor((y * rows) / height)) * cols;
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      const cell = row + Math.min(cols - 1, Math.floor((x * cols) / width));
      const red = data[at];
      const gr = data[at + green];
      const bu = data[at + blue];
      grey[cell] += 0.299 * red + 0.587 * gr + 0.114 * bu;
      count[cell]++;
      r += red;
      g += gr;
      bl += bu;
    }
  }
  for (let i = 0; i < grey.length; i++) grey[i] /= count[i] || 1;
  const n = width * height || 1;
  return { grey, rgb: [r / n, g / n, bl / n] };
}

function bitsToHalves(bits: ArrayLike<boolean>): { hi: number; lo: number } {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) {
    if (bits[i]) hi |= 1 << (31 - i);
    if (bits[32 + i]) lo |= 1 << (31 - i);
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** dHash: 9 × 8 boxes, bit = left box darker than its right neighbour. */
function dhashBits(grey: Float64Array): boolean[] {
  const bits: boolean[] = [];
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) bits.push(grey[y * 9 + x] < grey[y * 9 + x + 1]);
  return bits;
}

const N = 32;
/** cos((2x + 1) u π / 2N) for u < 8, the only frequencies kept. */
const COS = (() => {
  const table = new Float64Array(8 * N);
  for (let u = 0; u < 8; u++) for (let x = 0; x < N; x++) table[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
  return table;
})();

/** pHash: DCT of 32 × 32 boxes, bit = low frequency (8 × 8, DC included) above the median of the other 63. */
function phashBits(grey: Float64Array): boolean[] {
  // Rows first, keeping only the 8 lowest frequencies: 32 × 8, then the columns: 8 × 8.
  const rowsDone = new Float64Array(N * 8);
  for (let y = 0; y < N; y++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let x = 0; x < N; x++) sum += grey[y * N + x] * COS[u * N + x];
      rowsDone[y * 8 + u] = sum;
    }
  }
  const coefficients = new Float64Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let y = 0; y < N; y++) sum += rowsDone[y * 8 + u] * COS[v * N + y];
      coefficients[v * 8 + u] = sum;
    }
  }
  const sorted = [...coefficients.subarray(1)].sort((p, q) => p - q);
  const median = (sorted[31] + sorted[32]) / 2;
  return [...coefficients].map((c) => c > median);
}

/** Below this standard deviation of the box grey levels (0-255) a picture is flat: its hash would be noise. */
export const LOW_TEXTURE = 2;

function deviation(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return Math.sqrt(squares / values.length);
}

/** The hash of decoded pixels (raw sRGB or grey, interleaved). */
export function hashPixels(pixels: Pixels, kind: HashKind = FRAME_HASH): FrameHash {
  const { grey, rgb } = kind === 'dhash' ? shrinkGrey(pixels, 9, 8) : shrinkGrey(pixels, N, N);
  const flat = deviation(grey) < LOW_TEXTURE;
  const { hi, lo } = flat ? { hi: 0, lo: 0 } : bitsToHalves(kind === 'dhash' ? dhashBits(grey) : phashBits(grey));
  const lab = rgbToLab(rgb[0], rgb[1], rgb[2]);
  return { hi, lo, l: lab.l, a: lab.a, b: lab.b };
}

/** Bits set in a 32-bit integer. */
export function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Hamming distance between two 64-bit hashes. */
export function hammingDistance(p: { hi: number; lo: number }, q: { hi: number; lo: number }): number {
  return popcount32((p.hi ^ q.hi) >>> 0) + popcount32((p.lo ^ q.lo) >>> 0);
}

/** Sixteen hex digits, as the API shows a hash. */
export function hashHex(h: { hi: number; lo: number }): string {
  return h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');
}
