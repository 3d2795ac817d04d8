/** The pure parts of shot-aware splits: group keys, the per-shot cap's spacing, and group assignment. */
import { describe, expect, it } from 'vitest';
import { assignGroups, capPerShot, groupKey } from '@/lib/export/groups';

const frame = (frame: number, shot_id: number | null, shot_cluster: number | null = null) => ({ film: 'f_2001', frame, shot_id, shot_cluster });

describe('groupKey', () => {
  it('names the split group, a frame without a shot (or cluster) on its own', () => {
    expect(groupKey('shot', frame(3, 7))).toBe('f_2001:shot:7');
    expect(groupKey('shot', frame(3, null))).toBe('f_2001:frame:3');
    expect(groupKey('shot_cluster', frame(3, 7, 2))).toBe('f_2001:cluster:2');
    expect(groupKey('shot_cluster', frame(3, 7, null))).toBe('f_2001:frame:3');
    expect(groupKey('film', frame(3, 7))).toBe('f_2001');
    expect(groupKey('frame', frame(3, 7))).toBe('f_2001:frame:3');
  });
});

describe('capPerShot', () => {
  it('keeps k evenly spaced frames of a longer shot, in any input order, and every frame without a shot', () => {
    const frames = [...Array.from({ length: 10 }, (_, i) => frame(10 - i, 1)), frame(20, null), frame(21, null), frame(30, 2)];
    const kept = [...capPerShot(frames, 3)].map((i) => frames[i].frame).sort((a, b) => a - b);
    // Of frames 1-10: positions 1, 5 and 8 (0-based), round((i + ½)·10/3 − ½).
    expect(kept).toEqual([2, 6, 9, 20, 21, 30]);
  });
});

describe('assignGroups', () => {
  const members = Array.from({ length: 200 }, (_, i) => ({ group: `g${Math.floor(i / (1 + (i % 7)))}`, label: i % 3 === 0 ? 'a' : 'b' }));
  const split = [
    { name: 'train' as const, fraction: 0.8 },
    { name: 'test' as const, fraction: 0.2 },
  ];

  it('gives each group one split, the same for the same seed', () => {
    const a = assignGroups(members, split, 1);
    expect(new Set(members.map((m) => m.group))).toEqual(new Set(a.keys()));
    expect([...assignGroups(members, split, 1)]).toEqual([...a]);
  });

  it('is another split for another seed', () => {
    expect([...assignGroups(members, split, 2)]).not.toEqual([...assignGroups(members, split, 1)]);
  });
});
