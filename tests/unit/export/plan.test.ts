/**
 * planExport on the demo library: layouts, splits and majority dropping,
 * checked on the streamed rows themselves (counts, exact fractions, no
 * frame in two splits, whole films per split, determinism per seed) and
 * against the seed notebook's own pandas selection (demo-truth.json).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExportRequest, type ExportRequestInput } from '@/lib/export/options';
import { planExport, type PlannedFrame } from '@/lib/export/plan';
import { largestRemainder } from '@/lib/export/split';
import type { FrameRow } from '@/lib/db/columns';
import { QueryError } from '@/lib/errors';
import { applyChange, createSelection } from '@/lib/selections';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
const truth = JSON.parse(readFileSync('demo/demo-truth.json', 'utf8')) as { positive: string[]; negative: string[] };

let demo: DemoDatabase;
let frames: FrameRow[];
beforeAll(async () => {
  demo = await demoDatabase('plan');
  frames = demo.db.prepare('SELECT * FROM frames ORDER BY film, frame').all() as FrameRow[];
});
afterAll(() => demo.cleanup());

function plan(input: Partial<ExportRequestInput>) {
  const { options } = parseExportRequest({ layout: 'flat', target: 'zip', ...input });
  const result = planExport(demo.db, options);
  return { ...result, list: [...result.rows()] };
}

const key = (f: { film: string; frame: number }) => `${f.film}:${f.frame}`;
const fileName = (f: PlannedFrame) => f.path.split('/').pop();

function tally(list: PlannedFrame[], by: (f: PlannedFrame) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of list) counts.set(by(f), (counts.get(by(f)) ?? 0) + 1);
  return counts;
}

function countsOf(list: PlannedFrame[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const f of list) {
    const split = f.split ?? 'all';
    out[split] ??= {};
    out[split][f.label ?? 'all'] = (out[split][f.label ?? 'all'] ?? 0) + 1;
  }
  return out;
}

describe('layouts', () => {
  it("positive-negative is exactly the seed's pandas selection: the medium close-ups, and every other frame of the same films", () => {
    const { list, counts } = plan({ query: MCU, layout: 'positive-negative' });
    expect(list.filter((f) => f.label === 'positive').map(fileName).sort()).toEqual([...truth.positive].sort());
    expect(list.filter((f) => f.label === 'negative').map(fileName).sort()).toEqual([...truth.negative].sort());
    expect(counts).toMatchObject({ files: 800, bySplit: { all: { positive: 254, negative: 546 } }, dropped: 0, withoutImage: 0 });
    expect(list[0].path).toBe('negative/before_sunset_2004_frame_1.jpg');
  });

  it('positive-negative takes negatives only from films that have a positive', () => {
    const { list } = plan({ query: 'film=knives_out_2019&frame=188', layout: 'positive-negative' });
    expect(new Set(list.map((f) => f.film))).toEqual(new Set(['knives_out_2019']));
    expect(tally(list, (f) => f.label!)).toEqual(new Map([['negative', 259], ['positive', 1]]));
  });

  it('by:<column> makes one folder per value, NULL as none', () => {
    const { list, counts } = plan({ layout: 'by:p_emotion' });
    const expected = new Map<string, number>();
    for (const r of frames) expected.set(r.p_emotion ?? 'none', (expected.get(r.p_emotion ?? 'none') ?? 0) + 1);
    expect(tally(list, (f) => f.label!)).toEqual(expected);
    expect(counts.bySplit.all).toEqual(Object.fromEntries(expected));
    for (const f of list) expect(f.path).toBe(`${f.row.p_emotion ?? 'none'}/${f.film}_frame_${f.frame}.jpg`);
  });

  it('by:p_face_cluster writes real cluster numbers as whole numbers', () => {
    const { list } = plan({ query: 'p_face_cluster__notnull=1', layout: 'by:p_face_cluster' });
    expect(list.every((f) => /^\d+$/.test(f.label!) && f.label === String(f.row.p_face_cluster))).toBe(true);
  });

  it('flat writes every member at the top, and the row carries every metadata column', () => {
    const { list } = plan({ query: 'faces_found=4' });
    const expected = frames.filter((r) => r.faces_found === 4);
    expect(list.map((f) => f.path)).toEqual(expected.map((r) => `${r.film}_frame_${r.frame}.jpg`));
    expect(list.map((f) => f.row)).toEqual(expected);
  });

  it('a selection narrows the members to its own (query, exclusions, inclusions)', () => {
    const s = createSelection(demo.db, { name: 'plan mcu', query: MCU });
    applyChange(demo.db, s.id, { action: 'exclude', frames: [{ film: 'the_hustle_2019', frame: 20 }] });
    applyChange(demo.db, s.id, { action: 'include', frames: [{ film: 'the_hustle_2019', frame: 1 }] });
    const { list, description } = plan({ selection: s.id, layout: 'positive-negative' });
    const positives = new Set(list.filter((f) => f.label === 'positive').map(fileName));
    expect(positives.size).toBe(254);
    expect(positives.has('the_hustle_2019_frame_20.jpg')).toBe(false);
    expect(positives.has('the_hustle_2019_frame_1.jpg')).toBe(true);
    expect(description).toBe('where in selection "plan mcu"');
  });
});

const SPLITS: Array<[string, Partial<ExportRequestInput>]> = [
  ['80/10/10 by frame, seed 0', { split: { train: 0.8, validation: 0.1, test: 0.1 }, splitBy: 'frame', seed: 0 }],
  ['80/10/10 by frame, seed 99', { split: { train: 0.8, validation: 0.1, test: 0.1 }, splitBy: 'frame', seed: 99 }],
  ['70/30 by frame, seed 5', { split: { train: 0.7, test: 0.3 }, splitBy: 'frame', seed: 5 }],
  ['80/10/10 by shot (the default), seed 0', { split: { train: 0.8, validation: 0.1, test: 0.1 }, seed: 0 }],
  ['70/30 by shot, seed 5', { split: { train: 0.7, test: 0.3 }, splitBy: 'shot', seed: 5 }],
  ['80/10/10 by shot cluster, seed 3', { split: { train: 0.8, validation: 0.1, test: 0.1 }, splitBy: 'shot_cluster', seed: 3 }],
  ['80/10/10 by film, seed 0', { split: { train: 0.8, validation: 0.1, test: 0.1 }, splitBy: 'film', seed: 0 }],
  ['50/50 by film, seed 12', { split: { train: 0.5, test: 0.5 }, splitBy: 'film', seed: 12 }],
];

describe.each(SPLITS)('split %s', (_name, split) => {
  const base = { query: MCU, layout: 'positive-negative', ...split } as Partial<ExportRequestInput>;

  it('puts each frame in exactly one split, and the counts match the rows', () => {
    const { list, counts } = plan(base);
    expect(new Set(list.map(key)).size).toBe(800);
    expect(list).toHaveLength(800);
    expect(counts.bySplit).toEqual(countsOf(list));
    for (const f of list) expect(f.path).toBe(`${f.split}/${f.label}/${f.film}_frame_${f.frame}.jpg`);
  });

  it('is the same for the same seed and different for another', () => {
    const a = plan(base).list.map((f) => f.path);
    expect(plan(base).list.map((f) => f.path)).toEqual(a);
    expect(plan({ ...base, seed: (split.seed ?? 0) + 1 }).list.map((f) => f.path)).not.toEqual(a);
  });

  it('never puts one split group in two splits, and says so in the leakage', () => {
    const { list, leakage } = plan(base);
    const splitsOfGroup = new Map<string, Set<string>>();
    for (const f of list) splitsOfGroup.set(f.group, (splitsOfGroup.get(f.group) ?? new Set()).add(f.split!));
    expect([...splitsOfGroup.values()].every((s) => s.size === 1)).toBe(true);
    expect(leakage.groupsInTwoSplits).toBe(0);
  });

  if (split.splitBy === 'film') {
    it('keeps each film whole in one split ("unseen films"), every split with a film', () => {
      const { list } = plan(base);
      const splitsOfFilm = new Map<string, Set<string>>();
      for (const f of list) splitsOfFilm.set(f.film, (splitsOfFilm.get(f.film) ?? new Set()).add(f.split!));
      expect([...splitsOfFilm.values()].every((s) => s.size === 1)).toBe(true);
      expect(new Set(list.map((f) => f.split))).toEqual(new Set(Object.keys(split.split!)));
    });
  } else if (split.splitBy !== 'frame') {
    it('keeps every class within one group of its exact share', () => {
      const { list } = plan(base);
      const fractions = Object.values(split.split!);
      for (const label of ['positive', 'negative']) {
        const ofLabel = list.filter((f) => f.label === label);
        const largestGroup = Math.max(...tally(ofLabel, (f) => f.group).values());
        const shares = largestRemainder(ofLabel.length, fractions);
        Object.keys(split.split!).forEach((name, i) => {
          expect(Math.abs(ofLabel.filter((f) => f.split === name).length - shares[i])).toBeLessThanOrEqual(largestGroup);
        });
      }
    });
  } else {
    it('gives each class exact shares (largest remainder)', () => {
      const { list } = plan(base);
      const fractions = Object.values(split.split!);
      for (const label of ['positive', 'negative']) {
        const ofLabel = list.filter((f) => f.label === label);
        const shares = largestRemainder(ofLabel.length, fractions);
        expect(Object.keys(split.split!).map((name) => ofLabel.filter((f) => f.split === name).length)).toEqual(shares);
      }
    });
  }

  it('drops the given share of the majority class from train only, deterministically', () => {
    const full = plan(base).list;
    const dropped = plan({ ...base, dropMajority: 0.4 });
    const trainNegatives = full.filter((f) => f.split === 'train' && f.label === 'negative').length;
    expect(trainNegatives).toBeGreaterThan(full.filter((f) => f.split === 'train' && f.label === 'positive').length);
    expect(dropped.drop).toEqual({ label: 'negative', count: Math.round(trainNegatives * 0.4) });
    const kept = new Set(dropped.list.map(key));
    const gone = full.filter((f) => !kept.has(key(f)));
    expect(gone).toHaveLength(Math.round(trainNegatives * 0.4));
    expect(gone.every((f) => f.split === 'train' && f.label === 'negative')).toBe(true);
    // Everything kept stays where it was.
    const where = new Map(full.map((f) => [key(f), f.path]));
    expect(dropped.list.every((f) => where.get(key(f)) === f.path)).toBe(true);
    expect(dropped.counts.bySplit).toEqual(countsOf(dropped.list));
    expect(dropped.counts.dropped).toBe(gone.length);
    expect(plan({ ...base, dropMajority: 0.4 }).list.map(key)).toEqual(dropped.list.map(key));
  });
});

describe('drop-majority without a split', () => {
  it('drops the share from everything', () => {
    const { list, counts } = plan({ query: MCU, layout: 'positive-negative', dropMajority: 0.5 });
    expect(tally(list, (f) => f.label!)).toEqual(new Map([['negative', 273], ['positive', 254]]));
    expect(counts).toMatchObject({ files: 527, dropped: 273, bySplit: { all: { negative: 273, positive: 254 } } });
  });
});

describe('refused options name the field', () => {
  it.each([
    [{ layout: 'by:nope' }, 'layout'],
    [{ layout: 'tree' }, 'layout'],
    [{ split: { train: 0.8, test: 0.1 } }, 'split'],
    [{ split: { train: 0.8, holdout: 0.2 } }, 'split'],
    [{ splitBy: 'film' }, 'splitBy'],
    [{ splitBy: 'shot' }, 'splitBy'],
    [{ splitBy: 'scene' }, 'splitBy'],
    [{ dedupe: 17 }, 'dedupe'],
    [{ perShot: 0 }, 'perShot'],
    [{ dropMajority: 0.4 }, 'dropMajority'],
    [{ layout: 'positive-negative', dropMajority: 1.5 }, 'dropMajority'],
    [{ resize: { width: 0, height: 80 } }, 'resize.width'],
    [{ resize: { width: 192, height: 80, fit: 'squash' } }, 'resize.fit'],
    [{ format: 'gif' }, 'format'],
    [{ seed: -1 }, 'seed'],
    [{ target: 'cloud' }, 'target'],
  ] as Array<[Record<string, unknown>, string]>)('%j -> %s', (input, param) => {
    expect(() => parseExportRequest({ layout: 'flat', target: 'zip', ...input })).toThrow(QueryError);
    try {
      parseExportRequest({ layout: 'flat', target: 'zip', ...input });
    } catch (error) {
      expect((error as QueryError).param).toBe(param);
    }
  });

  it('a bad query or unknown selection, when planned', () => {
    expect(() => plan({ query: 'faces_found__gt=abc' })).toThrow(/^query: faces_found__gt/);
    expect(() => plan({ selection: 99999 })).toThrow(/^selection: no selection has id 99999/);
  });
});
