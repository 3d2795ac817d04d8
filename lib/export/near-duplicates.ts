/**
 * Near-duplicates inside one export: the groups that `dedupe` keeps one
 * frame of and manifest.csv's `dupe_group` names, and the count of
 * near-duplicate pairs that ended in different splits (manifest.json's
 * leakage). Groups are formed among the export's own frames (lib/dupes/match.ts,
 * around representatives), representatives taken in seeded-hash order, so
 * the frame kept of each group is chosen by the seed, as the splits are.
 */
import type { DB } from '@/lib/db/connection';
import { hashLookup, libraryHashes } from '@/lib/dupes/library';
import { HashIndex } from '@/lib/dupes/match';

export interface HashedFrame {
  film: string;
  frame: number;
  /** The seeded hash that orders the export. */
  h: number;
}

export interface ExportDupes {
  /** Per frame (same order as given): the `<film>:<frame>` of its group's representative, or null without a hash. */
  groupOf: Array<string | null>;
  /** Per frame: true when it is its group's representative (or has no hash). */
  representative: boolean[];
}

/** The export's frames' indices into the library's hashes (-1 without one). */
export function hashIndices(db: DB, frames: readonly HashedFrame[]): Int32Array {
  const lookup = hashLookup(db);
  return Int32Array.from(frames, (f) => lookup(f.film, f.frame) ?? -1);
}

export function exportDupeGroups(db: DB, frames: readonly HashedFrame[], indices: Int32Array, distance: number): ExportDupes {
  const hashes = libraryHashes(db);
  const members = indices.filter((i) => i >= 0);
  const index = new HashIndex(hashes, members);
  const ordered: number[] = [];
  for (let k = 0; k < frames.length; k++) if (indices[k] >= 0) ordered.push(k);
  ordered.sort((a, b) => frames[a].h - frames[b].h || (frames[a].film < frames[b].film ? -1 : frames[a].film > frames[b].film ? 1 : frames[a].frame - frames[b].frame));
  const order = Int32Array.from(ordered, (k) => indices[k]);
  const leader = index.groups(order, distance);
  const name = (i: number) => `${hashes.films[hashes.film[i]]}:${hashes.frame[i]}`;
  return {
    groupOf: Array.from(indices, (i) => (i >= 0 ? name(leader[i]) : null)),
    representative: Array.from(indices, (i) => i < 0 || leader[i] === i),
  };
}

/** Pairs of frames within `distance` of each other whose splits differ; `splitOf` is per frame (null: not exported). */
export function pairsAcrossSplits(db: DB, indices: Int32Array, splitOf: ReadonlyArray<string | null>, distance: number): number {
  const hashes = libraryHashes(db);
  const exported = indices.filter((i, k) => i >= 0 && splitOf[k] !== null);
  const split = new Map<number, string>();
  indices.forEach((i, k) => {
    if (i >= 0 && splitOf[k] !== null) split.set(i, splitOf[k] as string);
  });
  let pairs = 0;
  new HashIndex(hashes, exported).forEachPair(distance, (i, j) => {
    if (split.get(j) !== split.get(i)) pairs++;
  });
  return pairs;
}
