/**
 * Finding near-duplicates among many hashes without comparing every pair:
 * multi-index hashing (Norouzi et al.). The 64 bits are cut into four bands
 * of 16 bits, each indexed by its value. Two hashes within N bits cannot
 * differ in more than r_b bits of every band when Σ (r_b + 1) > N
 * (pigeonhole), so the candidates for a query are the hashes whose band b
 * equals the query's with up to r_b bits flipped (bandRadii: 2, 1, 1, 1 at
 * N = 8, 188 buckets), each then checked exactly (all 64 bits, then the mean
 * colours). The cost is memory latency more than arithmetic, so each bucket
 * holds its hashes inline. Three bands of 21-22 bits (fewer candidates, but
 * 762 probes into tables too big for the cache) took about twice as long to
 * group 1M hashes, measured while choosing.
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

/** Four bands of 16 bits: each band's table is indexed by the band value itself, 65,536 slots. */
const BANDS = 4;
const BAND_BITS = 16;
const SLOTS = 1 << BAND_BITS;

function band(hi: number, lo: number, b: number): number {
  return b === 0 ? hi >>> 16 : b === 1 ? hi & 0xffff : b === 2 ? lo >>> 16 : lo & 0xffff;
}

/**
 * How many bits to flip in each band for distance N: the radii r_b with
 * Σ (r_b + 1) > N, as even as can be (8 bits: 2, 1, 1, 1). Two hashes N
 * apart cannot differ in more than r_b bits of every band b, or they would
 * differ in at least Σ (r_b + 1) > N bits.
 */
export function bandRadii(distance: number): number[] {
  const total = Math.max(0, distance - BANDS + 1);
  return Array.from({ length: BANDS }, (_, b) => Math.floor(total / BANDS) + (b < total % BANDS ? 1 : 0));
}

const masksCache = new Map<number, Int32Array>();

/** Every 16-bit value with at most `radius` bits set. */
function flipMasks(radius: number): Int32Array {
  let masks = masksCache.get(radius);
  if (!masks) {
    const out: number[] = [0];
    const extend = (mask: number, from: number, left: number) => {
      for (let bit = from; bit < BAND_BITS && left > 0; bit++) {
        const next = mask | (1 << bit);
        out.push(next);
        extend(next, bit + 1, left - 1);
      }
    };
    extend(0, 0, radius);
    masks = Int32Array.from(out);
    masksCache.set(radius, masks);
  }
  return masks;
}

export class HashIndex {
  readonly hashes: HashArrays;
  /** The indices into `hashes` this index holds. */
  readonly members: Int32Array;
  private readonly starts: Uint32Array[] = [];
  /** Per band, the members in band-value order, each with its whole hash beside it, so a bucket is checked in one sequential read. */
  private readonly entries: Int32Array[] = [];
  /** Per band, entry e's hash at 2e (bits 63-32) and 2e + 1 (bits 31-0). */
  private readonly entryHash: Uint32Array[] = [];
  private readonly stamp: Int32Array;
  private query = 0;

  constructor(hashes: HashArrays, members?: ArrayLike<number>) {
    this.hashes = hashes;
    this.members = members ? Int32Array.from(members) : Int32Array.from({ length: hashes.count }, (_, i) => i);
    const n = this.members.length;
    for (let b = 0; b < BANDS; b++) {
      // Counting sort by band value: one offsets array and one flat array per band.
      const starts = new Uint32Array(SLOTS + 1);
      for (let m = 0; m < n; m++) {
        const i = this.members[m];
        starts[band(hashes.hi[i], hashes.lo[i], b) + 1]++;
      }
      for (let s = 0; s < SLOTS; s++) starts[s + 1] += starts[s];
      const fill = starts.slice(0, SLOTS);
      const entries = new Int32Array(n);
      const entryHash = new Uint32Array(2 * n);
      for (let m = 0; m < n; m++) {
        const i = this.members[m];
        const at = fill[band(hashes.hi[i], hashes.lo[i], b)]++;
        entries[at] = i;
        entryHash[2 * at] = hashes.hi[i];
        entryHash[2 * at + 1] = hashes.lo[i];
      }
      this.starts.push(starts);
      this.entries.push(entries);
      this.entryHash.push(entryHash);
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
    const hi = this.hashes.hi[i];
    const lo = this.hashes.lo[i];
    const radii = bandRadii(distance);
    let checked = 0;
    for (let b = 0; b < BANDS; b++) {
      const own = band(hi, lo, b);
      const masks = flipMasks(radii[b]);
      const starts = this.starts[b];
      const entries = this.entries[b];
      const hashes = this.entryHash[b];
      for (let k = 0; k < masks.length; k++) {
        const s = own ^ masks[k];
        for (let e = starts[s], end = starts[s + 1]; e < end; e++) {
          checked++;
          // Most candidates differ in half their bits: the first half alone rules them out.
          const high = popcount32((hashes[2 * e] ^ hi) >>> 0);
          if (high > distance || high + popcount32((hashes[2 * e + 1] ^ lo) >>> 0) > distance) continue;
          const j = entries[e];
          if (this.stamp[j] === q) continue;
          this.stamp[j] = q;
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
    this.sweep(order, distance, (i, j) => {
      leader[i] = i;
      if (j < 0) return false;
      leader[j] = i;
      return true;
    });
    return leader;
  }

  /** Calls `pair` once for every pair of members within `distance` of each other (in `order`'s order). */
  forEachPair(distance: number, pair: (i: number, j: number) => void): void {
    this.sweep(this.members, distance, (i, j) => {
      if (j >= 0) pair(i, j);
      return false;
    });
  }

  /**
   * Takes the members in `order`, skipping those already taken out: each is
   * taken out of the buckets, then `visit(i, j)` is called for every member
   * still in them within `distance` of it (and `visit(i, -1)` once first);
   * a `j` for which it answers true is taken out too. Works on copies of the
   * buckets, entries swapped with their bucket's last live one, so later
   * searches scan only what is left: grouping 1M frames this way takes half
   * the time of searching the whole index for each representative.
   */
  private sweep(order: ArrayLike<number>, distance: number, visit: (i: number, j: number) => boolean): void {
    const { hi, lo } = this.hashes;
    const out = new Uint8Array(this.hashes.count);
    // Each bucket's live entries are [range[2s], range[2s + 1]): both ends in one cache line.
    const ranges = this.starts.map((starts) => {
      const range = new Uint32Array(2 * SLOTS);
      for (let s = 0; s < SLOTS; s++) {
        range[2 * s] = starts[s];
        range[2 * s + 1] = starts[s + 1];
      }
      return range;
    });
    const entries = this.entries.map((e) => e.slice());
    const entryHash = this.entryHash.map((e) => e.slice());
    const position = entries.map((list) => {
      const at = new Int32Array(this.hashes.count);
      for (let e = 0; e < list.length; e++) at[list[e]] = e;
      return at;
    });
    const remove = (j: number) => {
      out[j] = 1;
      for (let b = 0; b < BANDS; b++) {
        const s = band(hi[j], lo[j], b);
        const at = position[b][j];
        const last = --ranges[b][2 * s + 1];
        const moved = entries[b][last];
        entries[b][at] = moved;
        entryHash[b][2 * at] = entryHash[b][2 * last];
        entryHash[b][2 * at + 1] = entryHash[b][2 * last + 1];
        position[b][moved] = at;
      }
    };
    const radii = bandRadii(distance);
    const taken: number[] = [];
    for (let o = 0; o < order.length; o++) {
      const i = order[o];
      if (out[i]) continue;
      remove(i);
      visit(i, -1);
      const q = ++this.query;
      const h = hi[i];
      const l = lo[i];
      taken.length = 0;
      for (let b = 0; b < BANDS; b++) {
        const own = band(h, l, b);
        const masks = flipMasks(radii[b]);
        const range = ranges[b];
        const hashes = entryHash[b];
        for (let k = 0; k < masks.length; k++) {
          const s = own ^ masks[k];
          for (let e = range[2 * s], end = range[2 * s + 1]; e < end; e++) {
            const high = popcount32((hashes[2 * e] ^ h) >>> 0);
            if (high > distance || high + popcount32((hashes[2 * e + 1] ^ l) >>> 0) > distance) continue;
            const j = entries[b][e];
            // Stamped, so the other bands do not visit it again; taken out after this search.
            if (this.stamp[j] === q) continue;
            this.stamp[j] = q;
            if (this.near(i, j, distance) && visit(i, j)) taken.push(j);
          }
        }
      }
      for (const j of taken) remove(j);
    }
  }
}

/** Checks a `_dupe_distance` / `dedupe` value: an integer from 0 to MAX_DUPE_DISTANCE. */
export function validDupeDistance(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_DUPE_DISTANCE;
}
