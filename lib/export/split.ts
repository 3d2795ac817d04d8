/**
 * The arithmetic of train/validation/test splits and of dropping part of the
 * majority class, kept pure so that it can be tested on its own: who goes
 * where is decided by a seeded hash, never by Math.random, so the same seed
 * gives the same export on any machine.
 */
import type { SplitFraction, SplitName } from './options';

/**
 * cyrb53 (a public-domain 53-bit string hash): well mixed and fast, and the
 * same in JS and, registered as a function, inside SQLite's ORDER BY.
 */
export function seededHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * `n` items shared out by `fractions` (which add up to 1): each share rounded
 * down, then the items left over go one each to the largest fractional parts
 * (ties to the earlier share). The shares always add up to exactly `n`.
 */
export function largestRemainder(n: number, fractions: readonly number[]): number[] {
  const exact = fractions.map((f) => n * f);
  const shares = exact.map(Math.floor);
  let left = n - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]++;
    left--;
  }
  return shares;
}

/** Which split rank `rank` (1-based, in hash order) falls into, given the shares of its class. */
export function splitOfRank(rank: number, split: readonly SplitFraction[], shares: readonly number[]): SplitName {
  let end = 0;
  for (const [i, s] of split.entries()) {
    end += shares[i];
    if (rank <= end) return s.name;
  }
  return split[split.length - 1].name;
}

/**
 * Whole films to splits, for "unseen films": the number of films per split by
 * largest remainder over the films, then each split with a fraction gets at
 * least one film when there are enough films (taken from the split with the
 * most), and the films, in seeded-hash order, fill train, then validation,
 * then test. Fractions are of films, so frame counts follow film lengths.
 */
export function assignFilms(films: readonly string[], split: readonly SplitFraction[], seed: number): Map<string, SplitName> {
  const counts = largestRemainder(films.length, split.map((s) => s.fraction));
  if (films.length >= split.length) {
    for (const [i] of split.entries()) {
      if (counts[i] > 0) continue;
      const largest = counts.indexOf(Math.max(...counts));
      counts[largest]--;
      counts[i]++;
    }
  }
  const ordered = [...films].sort((a, b) => seededHash(`${seed}:film:${a}`) - seededHash(`${seed}:film:${b}`) || (a < b ? -1 : a > b ? 1 : 0));
  const assignment = new Map<string, SplitName>();
  let next = 0;
  for (const [i, s] of split.entries()) {
    for (const film of ordered.slice(next, next + counts[i])) assignment.set(film, s.name);
    next += counts[i];
  }
  return assignment;
}

/** Rows of the majority class to drop: the share of its count, rounded to the nearest row. */
export function dropCount(count: number, share: number): number {
  return Math.round(count * share);
}

/** The key with the largest count; ties go to the first in sorted key order, so the choice is stable. */
export function majority(counts: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  for (const key of [...counts.keys()].sort()) {
    if (best === null || (counts.get(key) ?? 0) > (counts.get(best) ?? 0)) best = key;
  }
  return best;
}
