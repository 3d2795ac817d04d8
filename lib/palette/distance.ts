/**
 * Distances between colours and palettes, all in CIELAB ΔE (CIE76), so a
 * number means the same thing in every query: about 2.3 is just noticeable.
 *
 * Palette distance is the Earth Mover's Distance: the least total ΔE × share
 * needed to turn one palette's colours into the other's, moving share from
 * colour to colour. It is 0 for the same palette, symmetric, obeys the
 * triangle inequality, and minds shares: a frame that is half orange is far
 * from one with a speck of orange. Between one-colour palettes it is the ΔE
 * of the two colours.
 */
import { deltaE, type Lab } from '@/lib/color/lab';
import { PALETTE_SIZE, type Palette } from './extract';

/** `_palette` counts a palette colour only when it covers at least this share of the picture. */
export const PALETTE_MIN_SHARE = 0.05;

/** Values per packed palette colour: L, a, b, share. */
export const PACKED_STRIDE = 4;
/** Values per packed palette: PALETTE_SIZE colours, unused ones with share 0. */
export const PACKED_SIZE = PALETTE_SIZE * PACKED_STRIDE;

export type Packed = Float64Array;

/** A palette as PACKED_SIZE numbers, the layout paletteDistancePacked scans. */
export function packPalette(palette: Palette, into: Packed = new Float64Array(PACKED_SIZE), offset = 0): Packed {
  for (let i = 0; i < PALETTE_SIZE; i++) {
    const colour = palette[i];
    const at = offset + i * PACKED_STRIDE;
    into[at] = colour?.l ?? 0;
    into[at + 1] = colour?.a ?? 0;
    into[at + 2] = colour?.b ?? 0;
    into[at + 3] = colour?.share ?? 0;
  }
  return into;
}

/** The share-weighted mean colour. Its ΔE to another palette's mean never exceeds the palette distance. */
export function meanColour(palette: Palette): Lab {
  const total = palette.reduce((sum, c) => sum + c.share, 0);
  const mean = { l: 0, a: 0, b: 0 };
  for (const c of palette) {
    mean.l += (c.l * c.share) / total;
    mean.a += (c.a * c.share) / total;
    mean.b += (c.b * c.share) / total;
  }
  return mean;
}

const EPSILON = 1e-9;
const N = PALETTE_SIZE;
// Scratch for the solver, allocated once: distances are computed in tight scans.
const cost = new Float64Array(N * N);
const flow = new Float64Array(N * N);
const supply = new Float64Array(N);
const demand = new Float64Array(N);
// Nodes 0..N-1 are the first palette's colours, N..2N-1 the second's.
const dist = new Float64Array(2 * N);
const previous = new Int32Array(2 * N);

/**
 * Shortest path, in the residual graph, from any colour with share left to
 * give to each colour with share left to take: Bellman-Ford, since moving
 * share back along a used edge has negative cost. Tiny graph, so plain loops.
 */
function shortestPaths(): void {
  for (let i = 0; i < N; i++) {
    dist[i] = supply[i] > EPSILON ? 0 : Infinity;
    dist[N + i] = Infinity;
  }
  previous.fill(-1);
  for (let round = 0; round < 2 * N; round++) {
    let changed = false;
    for (let i = 0; i < N; i++) {
      if (dist[i] === Infinity) continue;
      for (let j = 0; j < N; j++) {
        const d = dist[i] + cost[i * N + j];
        if (d < dist[N + j] - EPSILON) {
          dist[N + j] = d;
          previous[N + j] = i;
          changed = true;
        }
      }
    }
    for (let j = 0; j < N; j++) {
      if (dist[N + j] === Infinity) continue;
      for (let i = 0; i < N; i++) {
        if (flow[i * N + j] <= EPSILON) continue;
        const d = dist[N + j] - cost[i * N + j];
        if (d < dist[i] - EPSILON) {
          dist[i] = d;
          previous[i] = N + j;
          changed = true;
        }
      }
    }
    if (!changed) return;
  }
}

/**
 * Earth Mover's Distance between two packed palettes (see packPalette), by
 * successive shortest paths: exact, a few microseconds for five colours.
 * Shares are normalised, so palettes need not sum to exactly 1.
 */
export function paletteDistancePacked(p: Packed, pOffset: number, q: Packed, qOffset: number): number {
  let pTotal = 0;
  let qTotal = 0;
  for (let i = 0; i < N; i++) {
    pTotal += Math.max(0, p[pOffset + i * PACKED_STRIDE + 3]);
    qTotal += Math.max(0, q[qOffset + i * PACKED_STRIDE + 3]);
  }
  if (pTotal <= 0 || qTotal <= 0) throw new Error('a palette needs at least one colour with a share above 0');
  for (let i = 0; i < N; i++) {
    const pi = pOffset + i * PACKED_STRIDE;
    supply[i] = Math.max(0, p[pi + 3]) / pTotal;
    demand[i] = Math.max(0, q[qOffset + i * PACKED_STRIDE + 3]) / qTotal;
    for (let j = 0; j < N; j++) {
      const qj = qOffset + j * PACKED_STRIDE;
      const dl = p[pi] - q[qj];
      const da = p[pi + 1] - q[qj + 1];
      const db = p[pi + 2] - q[qj + 2];
      cost[i * N + j] = Math.sqrt(dl * dl + da * da + db * db);
    }
  }
  flow.fill(0);
  let total = 0;
  let remaining = 1;
  // Each step empties a supply, fills a demand or clears a used edge: far fewer than this bound.
  for (let step = 0; step < 4 * N * N && remaining > 1e-7; step++) {
    shortestPaths();
    let sink = -1;
    for (let j = 0; j < N; j++) if (demand[j] > EPSILON && dist[N + j] < Infinity && (sink < 0 || dist[N + j] < dist[N + sink])) sink = j;
    if (sink < 0) break;
    // Walk back to the path's start to find how much share it can carry.
    let amount = demand[sink];
    let node = N + sink;
    let start = -1;
    for (let hops = 0; hops < 4 * N && start < 0; hops++) {
      const i = previous[node];
      if (node >= N) {
        node = i;
        if (previous[i] < 0) {
          start = i;
          amount = Math.min(amount, supply[i]);
        }
      } else {
        amount = Math.min(amount, flow[node * N + (i - N)]);
        node = i;
      }
    }
    if (start < 0 || amount <= EPSILON) break;
    for (node = N + sink; node !== start; ) {
      const i = previous[node];
      if (node >= N) flow[i * N + (node - N)] += amount;
      else flow[node * N + (i - N)] -= amount;
      node = i;
    }
    supply[start] -= amount;
    demand[sink] -= amount;
    remaining -= amount;
    total += amount * dist[N + sink];
  }
  return total;
}

/**
 * `_palette`'s test: for every wanted colour, the palette has a colour
 * covering at least `minShare` of the picture within `tolerance` ΔE of it.
 * lib/query/palette-filter.ts says the same in SQL.
 */
export function containsColours(palette: Palette, wanted: readonly Lab[], tolerance: number, minShare = PALETTE_MIN_SHARE): boolean {
  return wanted.every((w) => palette.some((c) => c.share >= minShare && deltaE(c, w) <= tolerance));
}
