/**
 * Finding near-duplicates among many hashes without comparing every pair:
 * multi-index hashing (Norouzi et al.). The 64 bits are cut into three bands
 * (22, 21, 21 bits). Two hashes within N bits differ in at most floor(N / 3)
 * bits of at least one band (pigeonhole), so the candidates for a query are
 * the hashes whose band equals one of the query's band values with up to
 * floor(N / 3) bits flipped, looked up in one table per band; each candidate
 * is then checked exactly (all 64 bits, and the mean colours).
 *
 * Near-duplicate groups are formed around representatives, not by linking
 * pairs: frames are taken in a given order, and each frame not yet in a
 * group starts one and takes every frame within N of itself that is not yet
 * in a group. Every member is within N of its group's first frame, so two
 * members are at most 2N apart, and a slow pan or a fade (A~B, B~C, ... with
 * A far from Z) never chains into one group.
 */
import { popcount32 } from './hash';

/** Default `_dupe_distance` and export `dedupe` distance, in bits (measured: BENCHMARKS.md). */
export const DEFAULT_DUPE_DISTANCE = 8;
/** Beyond this a query probes too many band values, and unrelated frames start to match. */
export const MAX_DUPE_DISTANCE = 16;
/** Two frames whose mean colours are further apart than this ΔE are never near-duplicates (flat frames of different colours). */
export const MEAN_COLOUR_LIMIT = 20;

export interface HashArrays {
  count: number;
  hi: Uint32Array;
  lo: Uint32Array;
  /** Mean colour, CIELAB, three numbers per hash. */
  lab: Float32Array;
}

const WIDTHS = [22, 21, 21] as const;

function bands(hi: number, lo: number): [number, number, number] {
  return [hi >>> 10, ((hi & 0x3ff) << 11) | (lo >>> 21), lo & 0x1fffff];
}

const masksCache = new Map<string, Int32Array>();

/** Every value with at most `radius` of the low `width` bits set. */
function flipMasks(width: number, radius: number): Int32Array {
  const key = `${width}:${radius}`;
  let masks = masksCache.get(key);
  if (!masks) {
    const out: number[] = [0];
    const extend = (mask: number, from: number, left: number) => {
      for (let bit = from; bit < width && left > 0; bit++) {
        const next = mask | (1 << bit);
        out.push(next);
        extend(next, bit + 1, left - 1);
      }
    };
    extend(0, 0, radius);
    masks = Int32Array.from(out);
    masksCache.set(key, masks);
  }
  return masks;
}

/** A band value's slot in a table of 2^bits slots (Fibonacci hashing; collisions only add candidates). */
const slot = (value: number, bits: number) => Math.imul(value, 0x9e3779b1) >>> (32 - bits);

export class HashIndex {
  readonly hashes: HashArrays;
  /** The indices into `hashes` this index holds. */
  readonly members: Int32Array;
  private readonly bits: number;
  private readonly starts: Uint32Array[] = [];
  private readonly entries: Int32Array[] = [];
  private readonly stamp: Int32Array;
  private query = 0;

  constructor(hashes: HashArrays, members?: ArrayLike<number>) {
    this.hashes = hashes;
    this.members = members ? Int32Array.from(members) : Int32Array.from({ length: hashes.count }, (_, i) => i);
    const n = this.members.length;
    this.bits = Math.max(8, Math.min(22, Math.ceil(Math.log2(n + 1))));
    const size = 1 << this.bits;
    for (let b = 0; b < 3; b++) {
      // Counting sort by slot: one offsets array and one flat array per band.
      const starts = new Uint32Array(size + 1);
      const keys = new Uint32Array(n);
      for (let m = 0; m < n; m++) {
        const i = this.members[m];
        keys[m] = slot(bands(hashes.hi[i], hashes.lo[i])[b], this.bits);
        starts[keys[m] + 1]++;
      }
      for (let s = 0; s < size; s++) starts[s + 1] += starts[s];
      const fill = starts.slice(0, size);
      const entries = new Int32Array(n);
      for (let m = 0; m < n; m++) entries[fill[keys[m]]++] = this.members[m];
      this.starts.push(starts);
      this.entries.push(entries);
    }
    this.stamp = new Int32Array(hashes.count);
  }

  /** Whether hashes i and j are within `distance` bits and their mean colours within MEAN_COLOUR_LIMIT. */
  near(i: number, j: number, distance: number): boolean {
    const { hi, lo, lab } = this.hashes;
    if (popcount32((hi[i] ^ hi[j]) >>> 0) + popcount32((lo[i] ^ lo[j]) >>> 0) > distance) return false;
    const dl = lab[i * 3] - lab[j * 3];
    const da = lab[i * 3 + 1] - lab[j * 3 + 1];
    const db = lab[i * 3 + 2] - lab[j * 3 + 2];
    return dl * dl + da * da + db * db <= MEAN_COLOUR_LIMIT * MEAN_COLOUR_LIMIT;
  }

  /**
   * Calls `found` with every member near hash `i` (itself included when it
   * is a member); `i` may be any index into the hashes, member or not.
   * Returns the candidates checked.
   */
  forEachNear(i: number, distance: number, found: (j: number) => void): number {
    const q = ++this.query;
    const own = bands(this.hashes.hi[i], this.hashes.lo[i]);
    let checked = 0;
    for (let b = 0; b < 3; b++) {
      const masks = flipMasks(WIDTHS[b], Math.floor(distance / 3));
      const starts = this.starts[b];
      const entries = this.entries[b];
      for (let k = 0; k < masks.length; k++) {
        const s = slot(own[b] ^ masks[k], this.bits);
        for (let e = starts[s]; e < starts[s + 1]; e++) {
          const j = entries[e];
          if (this.stamp[j] === q) continue;
          this.stamp[j] = q;
          checked++;
          if (this.near(i, j, distance)) found(j);
        }
      }
    }
    return checked;
  }

  /**
   * Near-duplicate groups of the members, around representatives taken in
   * `order` (indices into the hashes, each a member): returns, per hash
   * index, the index of its group's representative (-1 for non-members).
   */
  groups(order: ArrayLike<number>, distance: number): Int32Array {
    const leader = new Int32Array(this.hashes.count).fill(-1);
    for (let o = 0; o < order.length; o++) {
      const i = order[o];
      if (leader[i] !== -1) continue;
      leader[i] = i;
      this.forEachNear(i, distance, (j) => {
        if (leader[j] === -1) leader[j] = i;
      });
    }
    return leader;
  }
}

/** Checks a `_dupe_distance` / `dedupe` value: an integer from 0 to MAX_DUPE_DISTANCE. */
export function validDupeDistance(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_DUPE_DISTANCE;
}
