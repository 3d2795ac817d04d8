/**
 * The dominant colours of a set of pixels: k-means in CIELAB, started from a
 * median cut so the result is the same on every run (no random seeds), then
 * near-identical clusters merged, so a picture of three colours gives three
 * colours and not five shades of them.
 */
import { deltaE } from '@/lib/color/lab';

export interface ColourCluster {
  l: number;
  a: number;
  b: number;
  /** Mean sRGB of the cluster's pixels, for display. */
  red: number;
  green: number;
  blue: number;
  count: number;
}

const MAX_ITERATIONS = 30;
/** Clusters closer than this (ΔE) are one colour: about twice a just-noticeable difference. */
export const MERGE_DELTA_E = 5;

/**
 * Median cut: split the box with the most pixels times its widest range, at
 * its median along that channel, until there are k boxes (or nothing left
 * worth splitting). The boxes' means seed k-means.
 */
function medianCut(lab: Float64Array, n: number, k: number): Float64Array {
  const boxes: Int32Array[] = [Int32Array.from({ length: n }, (_, i) => i)];
  const widest = (box: Int32Array): { channel: number; range: number } => {
    let best = { channel: 0, range: 0 };
    for (let c = 0; c < 3; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const p of box) {
        const v = lab[p * 3 + c];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > best.range) best = { channel: c, range: hi - lo };
    }
    return best;
  };
  while (boxes.length < k) {
    let pick = -1;
    let pickScore = 0;
    let pickChannel = 0;
    boxes.forEach((box, i) => {
      const { channel, range } = widest(box);
      const score = box.length * range;
      if (box.length >= 2 && range > 1 && score > pickScore) {
        pick = i;
        pickScore = score;
        pickChannel = channel;
      }
    });
    if (pick < 0) break;
    // Array sort is stable: equal values keep pixel order, so the split is the same every run.
    const sorted = Array.from(boxes[pick]).sort((p, q) => lab[p * 3 + pickChannel] - lab[q * 3 + pickChannel]);
    const half = sorted.length >> 1;
    boxes.splice(pick, 1, Int32Array.from(sorted.slice(0, half)), Int32Array.from(sorted.slice(half)));
  }
  const centres = new Float64Array(boxes.length * 3);
  boxes.forEach((box, i) => {
    for (const p of box) for (let c = 0; c < 3; c++) centres[i * 3 + c] += lab[p * 3 + c] / box.length;
  });
  return centres;
}

function nearest(lab: Float64Array, p: number, centres: Float64Array, k: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    const dl = lab[p * 3] - centres[c * 3];
    const da = lab[p * 3 + 1] - centres[c * 3 + 1];
    const db = lab[p * 3 + 2] - centres[c * 3 + 2];
    const d = dl * dl + da * da + db * db;
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function lloyd(lab: Float64Array, n: number, centres: Float64Array): Int32Array {
  const k = centres.length / 3;
  const assignment = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * 3);
  const counts = new Int32Array(k);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let changed = 0;
    sums.fill(0);
    counts.fill(0);
    for (let p = 0; p < n; p++) {
      const c = nearest(lab, p, centres, k);
      if (assignment[p] !== c) changed++;
      assignment[p] = c;
      counts[c]++;
      for (let j = 0; j < 3; j++) sums[c * 3 + j] += lab[p * 3 + j];
    }
    // An emptied cluster keeps its old centre; it ends with no pixels and is dropped.
    for (let c = 0; c < k; c++) if (counts[c] > 0) for (let j = 0; j < 3; j++) centres[c * 3 + j] = sums[c * 3 + j] / counts[c];
    if (changed === 0) break;
  }
  return assignment;
}

/** Count-weighted mean of two clusters. */
function merge(p: ColourCluster, q: ColourCluster): ColourCluster {
  const count = p.count + q.count;
  const mix = (x: number, y: number) => (x * p.count + y * q.count) / count;
  return { l: mix(p.l, q.l), a: mix(p.a, q.a), b: mix(p.b, q.b), red: mix(p.red, q.red), green: mix(p.green, q.green), blue: mix(p.blue, q.blue), count };
}

function mergeClose(clusters: ColourCluster[]): ColourCluster[] {
  const out = [...clusters];
  for (;;) {
    let pair: [number, number] | null = null;
    let closest = MERGE_DELTA_E;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const d = deltaE(out[i], out[j]);
        if (d < closest) {
          closest = d;
          pair = [i, j];
        }
      }
    }
    if (!pair) return out;
    out[pair[0]] = merge(out[pair[0]], out[pair[1]]);
    out.splice(pair[1], 1);
  }
}

/**
 * At most k colours of the n pixels (`lab`: L, a, b per pixel; `rgb`: the same
 * pixels' sRGB bytes), largest cluster first.
 */
export function dominantColours(lab: Float64Array, rgb: Uint8Array, n: number, k: number): ColourCluster[] {
  if (n === 0) return [];
  const centres = medianCut(lab, n, k);
  const assignment = lloyd(lab, n, centres);
  const clusters = Array.from({ length: centres.length / 3 }, (): ColourCluster => ({ l: 0, a: 0, b: 0, red: 0, green: 0, blue: 0, count: 0 }));
  for (let p = 0; p < n; p++) {
    const cluster = clusters[assignment[p]];
    cluster.count++;
    cluster.red += rgb[p * 3];
    cluster.green += rgb[p * 3 + 1];
    cluster.blue += rgb[p * 3 + 2];
  }
  const filled = clusters.flatMap((cluster, c) =>
    cluster.count === 0
      ? []
      : [{ ...cluster, l: centres[c * 3], a: centres[c * 3 + 1], b: centres[c * 3 + 2], red: cluster.red / cluster.count, green: cluster.green / cluster.count, blue: cluster.blue / cluster.count }],
  );
  return mergeClose(filled).sort((p, q) => q.count - p.count || q.l - p.l);
}
