/**
 * Split groups, kept pure so they can be tested alone: which frames must go
 * to the same split (a camera shot, a recurring set-up, a film, or just the
 * frame), the per-shot cap, and the assignment of whole groups to splits so
 * that every class keeps close to the asked fractions.
 *
 * Assignment by groups: each class's target per split is its frame count
 * shared out by largest remainder (as a split by frame does exactly). Groups
 * are then placed largest first (equal sizes in seeded-hash order), each into
 * the split where it fills the most missing frames of its own classes,
 * Σ over its classes of (its frames of the class) × (target − frames placed
 * so far). Large groups placed first leave the small ones to even out the
 * rest: each class ends within its largest group's size of its target in
 * every test (tests/unit/export/shot-splits.test.ts), though a group mixing
 * classes, placed for one, can push another further; it is not a proof.
 */
import type { SplitFraction, SplitName } from './options';
import { largestRemainder, seededHash } from './split';

export const SPLIT_BY = ['frame', 'film', 'shot', 'shot_cluster'] as const;
export type SplitBy = (typeof SPLIT_BY)[number];

export interface GroupedFrame {
  film: string;
  frame: number;
  shot_id: number | null;
  shot_cluster: number | null;
}

/**
 * The split group a frame belongs to, as written in manifest.csv's `group`:
 * `<film>:shot:<id>`, `<film>:cluster:<n>`, `<film>` or `<film>:frame:<n>`
 * (also for a frame whose shot_id or shot_cluster is NULL: a group of its own).
 */
export function groupKey(by: SplitBy, f: GroupedFrame): string {
  if (by === 'film') return f.film;
  if (by === 'shot' && f.shot_id !== null) return `${f.film}:shot:${f.shot_id}`;
  if (by === 'shot_cluster' && f.shot_cluster !== null) return `${f.film}:cluster:${f.shot_cluster}`;
  return `${f.film}:frame:${f.frame}`;
}

/**
 * At most `k` frames of each shot (film + shot_id), evenly spaced in frame
 * order: of n > k frames, the ones at positions round((i + ½)·n/k − ½).
 * Frames without a shot_id are each their own shot and kept. Returns the
 * indices (into `frames`) kept.
 */
export function capPerShot(frames: readonly GroupedFrame[], k: number): Set<number> {
  const shots = new Map<string, number[]>();
  const kept = new Set<number>();
  frames.forEach((f, i) => {
    if (f.shot_id === null) {
      kept.add(i);
      return;
    }
    const key = `${f.film}:${f.shot_id}`;
    const list = shots.get(key);
    if (list) list.push(i);
    else shots.set(key, [i]);
  });
  for (const list of shots.values()) {
    list.sort((a, b) => frames[a].frame - frames[b].frame);
    if (list.length <= k) {
      for (const i of list) kept.add(i);
      continue;
    }
    for (let j = 0; j < k; j++) kept.add(list[Math.round(((j + 0.5) * list.length) / k - 0.5)]);
  }
  return kept;
}

export interface GroupMember {
  group: string;
  /** The class key (a label value as JSON). */
  label: string;
}

/**
 * Whole groups to splits, every class close to its fractions (see the
 * module comment). Returns each group's split.
 */
export function assignGroups(members: readonly GroupMember[], split: readonly SplitFraction[], seed: number): Map<string, SplitName> {
  const groups = new Map<string, Map<string, number>>();
  const classSize = new Map<string, number>();
  for (const m of members) {
    let labels = groups.get(m.group);
    if (!labels) groups.set(m.group, (labels = new Map()));
    labels.set(m.label, (labels.get(m.label) ?? 0) + 1);
    classSize.set(m.label, (classSize.get(m.label) ?? 0) + 1);
  }
  const fractions = split.map((s) => s.fraction);
  const need = new Map<string, number[]>();
  for (const [label, n] of classSize) need.set(label, largestRemainder(n, fractions));
  const order = [...groups.keys()]
    .map((key) => ({ key, size: [...(groups.get(key) as Map<string, number>).values()].reduce((a, b) => a + b, 0), h: seededHash(`${seed}:group:${key}`) }))
    .sort((a, b) => b.size - a.size || a.h - b.h || (a.key < b.key ? -1 : 1));
  const assignment = new Map<string, SplitName>();
  for (const { key } of order) {
    const labels = groups.get(key) as Map<string, number>;
    let best = 0;
    let bestScore = -Infinity;
    for (let s = 0; s < split.length; s++) {
      let score = 0;
      for (const [label, n] of labels) score += n * (need.get(label) as number[])[s];
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    for (const [label, n] of labels) (need.get(label) as number[])[best] -= n;
    assignment.set(key, split[best].name);
  }
  return assignment;
}
