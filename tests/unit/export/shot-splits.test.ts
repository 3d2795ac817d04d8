/**
 * Shot-aware splits, dedupe and the per-shot cap, on the demo library with
 * textured frames (copies across films, shots of moving camera), analysed:
 * for every splitBy, layout and option, no split group lands in two splits,
 * the counts and leakage in the plan agree with its rows, and the CLI writes
 * them into manifest.csv and manifest.json.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLookup, libraryHashes } from '@/lib/dupes/library';
import { DEFAULT_DUPE_DISTANCE, HashIndex } from '@/lib/dupes/match';
import { parseExportRequest, type ExportRequestInput } from '@/lib/export/options';
import { planExport, type PlannedFrame } from '@/lib/export/plan';
import { largestRemainder } from '@/lib/export/split';
import type { DemoDatabase } from '../../helpers/demo-db';
import { TEXTURED, texturedDemo } from '../../helpers/textured-demo';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
let demo: DemoDatabase;
beforeAll(async () => {
  demo = await texturedDemo('shot-splits');
});
afterAll(() => demo.cleanup());

function plan(input: Partial<ExportRequestInput>) {
  const { options } = parseExportRequest({ layout: 'flat', target: 'zip', ...input });
  const result = planExport(demo.db, options);
  return { ...result, list: [...result.rows()] };
}

function groupBy<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

const shotOf = (f: PlannedFrame) => `${f.film}:${f.row.shot_id}`;

/** Pairs of planned frames within `distance` bits of each other, split by split, counted by brute force. */
function nearPairs(list: PlannedFrame[], distance: number, acrossSplits: boolean): number {
  const lookup = hashLookup(demo.db);
  const indices = list.map((f) => lookup(f.film, f.frame));
  const index = new HashIndex(libraryHashes(demo.db), []);
  let pairs = 0;
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [a, b] = [indices[i], indices[j]];
      if (a === null || b === null || !index.near(a, b, distance)) continue;
      if (!acrossSplits || list[i].split !== list[j].split) pairs++;
    }
  }
  return pairs;
}

const SPLIT_BY = ['frame', 'film', 'shot', 'shot_cluster'] as const;
const LAYOUTS: Array<Partial<ExportRequestInput>> = [{ layout: 'flat' }, { layout: 'positive-negative', query: MCU }, { layout: 'by:p_emotion' }];
const VARIANTS: Array<Partial<ExportRequestInput>> = [{}, { dedupe: true }, { perShot: 2 }, { dedupe: 10, perShot: 3, dropMajority: 0.3 }];

describe.each(SPLIT_BY)('split by %s', (splitBy) => {
  describe.each(LAYOUTS)('layout %o', (layout) => {
    it.each(VARIANTS)('with %o: no group in two splits, counts and leakage from the rows', (variant) => {
      if (variant.dropMajority && layout.layout === 'flat') return;
      const input = { ...layout, ...variant, split: { train: 0.7, validation: 0.15, test: 0.15 }, splitBy, seed: 4 };
      const result = plan(input);
      const { list, counts, leakage } = result;
      expect(list.length).toBe(counts.files);
      for (const [, frames] of groupBy(list, (f) => f.group)) expect(new Set(frames.map((f) => f.split)).size).toBe(1);
      expect(leakage.groupsInTwoSplits).toBe(0);
      expect(leakage.shotsInTwoSplits).toBe([...groupBy(list, shotOf).values()].filter((fs) => new Set(fs.map((f) => f.split)).size > 1).length);
      const distance = typeof variant.dedupe === 'number' ? variant.dedupe : DEFAULT_DUPE_DISTANCE;
      expect(leakage.nearDuplicatePairsAcrossSplits).toBe(nearPairs(list, distance, true));
      if (splitBy === 'shot' || splitBy === 'film') expect(leakage.shotsInTwoSplits).toBe(0);
      // Groups per split and class, as counted from the rows.
      for (const [split, frames] of groupBy(list, (f) => f.split!)) {
        for (const [label, ofLabel] of groupBy(frames, (f) => f.label ?? 'all')) {
          expect(counts.bySplit[split][label]).toBe(ofLabel.length);
          expect(counts.groups[split][label]).toBe(new Set(ofLabel.map((f) => f.group)).size);
        }
      }
      const all = plan({ ...layout, split: input.split, splitBy, seed: 4 }).list;
      expect(counts.files + counts.droppedBy.perShot + counts.droppedBy.dedupe + counts.droppedBy.dropMajority).toBe(all.length);
      if (variant.perShot) for (const [, frames] of groupBy(list, shotOf)) expect(frames.length).toBeLessThanOrEqual(variant.perShot);
      // Kept representatives are pairwise further apart than the dedupe distance: nothing near-duplicate is left at all.
      if (variant.dedupe) expect(nearPairs(list, distance, false)).toBe(0);
    });
  });
});

describe('shot splits', () => {
  it('are the default when a split is asked without splitBy', () => {
    expect(parseExportRequest({ layout: 'flat', target: 'zip', split: { train: 0.8, test: 0.2 } }).options.splitBy).toBe('shot');
  });

  it.each([0, 1, 2, 3, 4])('keep each class within its largest shot of the exact share (seed %i)', (seed) => {
    const split = { train: 0.7, validation: 0.15, test: 0.15 };
    const { list } = plan({ layout: 'by:p_emotion', split, splitBy: 'shot', seed });
    for (const [, ofLabel] of groupBy(list, (f) => f.label!)) {
      const largest = Math.max(...[...groupBy(ofLabel, (f) => f.group).values()].map((g) => g.length));
      const shares = largestRemainder(ofLabel.length, Object.values(split));
      Object.keys(split).forEach((name, i) => {
        expect(Math.abs(ofLabel.filter((f) => f.split === name).length - shares[i])).toBeLessThanOrEqual(largest);
      });
    }
  });

  it('a split by frame leaks shots and near-duplicates, a split by shot leaks no shot', () => {
    const split = { train: 0.8, test: 0.2 };
    const byFrame = plan({ split, splitBy: 'frame' }).leakage;
    const byShot = plan({ split, splitBy: 'shot' }).leakage;
    expect(byFrame.shotsInTwoSplits).toBeGreaterThan(50);
    expect(byFrame.nearDuplicatePairsAcrossSplits).toBeGreaterThan(byShot.nearDuplicatePairsAcrossSplits);
    expect(byShot.shotsInTwoSplits).toBe(0);
  });

  it('a frame with no shot_id is a split group of its own', () => {
    demo.db.prepare("UPDATE frames SET shot_id = NULL WHERE film = 'the_hustle_2019' AND frame BETWEEN 283 AND 300").run();
    try {
      const { list } = plan({ query: 'film=the_hustle_2019&frame__gte=283&frame__lte=300', split: { train: 0.5, test: 0.5 } });
      expect(new Set(list.map((f) => f.group)).size).toBe(18);
      expect(list.find((f) => f.frame === 283)?.group).toBe('the_hustle_2019:frame:283');
      expect(new Set(list.map((f) => f.split))).toEqual(new Set(['train', 'test']));
    } finally {
      demo.db.prepare("UPDATE frames SET shot_id = 68 WHERE film = 'the_hustle_2019' AND frame BETWEEN 283 AND 300").run();
    }
  });
});

describe('dedupe and perShot', () => {
  const { shotA, copies } = TEXTURED;
  const copyKeys = [`${shotA.film}:4`, ...copies.frames.map((f) => `${copies.film}:${f}`)];

  it('dupe_group names the copies and their original alike; dedupe keeps one of them, chosen by the seed', () => {
    const { list } = plan({});
    const groups = new Set(list.filter((f) => copyKeys.includes(`${f.film}:${f.frame}`)).map((f) => f.dupeGroup));
    expect(groups.size).toBe(1);
    // The group may be led by a frame of the same shot (a camera move away): then none of the four is kept.
    const kept = (seed: number) => JSON.stringify(plan({ dedupe: true, seed }).list.filter((f) => copyKeys.includes(`${f.film}:${f.frame}`)).map((f) => `${f.film}:${f.frame}`));
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) expect(JSON.parse(kept(seed)).length).toBeLessThanOrEqual(1);
    expect(kept(3)).toBe(kept(3));
    expect(new Set([0, 1, 2, 3, 4, 5, 6, 7].map(kept)).size).toBeGreaterThan(1);
  });

  it('perShot keeps evenly spaced frames of each shot', () => {
    const { list, counts } = plan({ query: 'film=the_hustle_2019&shot_id=68', perShot: 3 });
    // 18 frames, 283-300: positions 3, 9 and 15 (0-based).
    expect(list.map((f) => f.frame)).toEqual([286, 292, 298]);
    expect(counts.droppedBy.perShot).toBe(15);
  });
});

describe('npm run export', () => {
  const run = promisify(execFile);
  it('writes group and dupe_group into manifest.csv, groups, drops and leakage into manifest.json, and says the leakage first', async () => {
    const file = `${demo.dir}/shots.zip`;
    const { stderr } = await run(
      'node_modules/.bin/tsx',
      ['scripts/export.ts', demo.root, '--db', demo.dbFile, '--layout', 'by:p_emotion', '--split', 'train=0.8,test=0.2', '--per-shot', '4', '--dedupe', '--zip', file],
      { env: { ...process.env, STILLROOM_EXPORT_ROOT: `${demo.dir}/exports` } },
    );
    expect(stderr).toMatch(/split by shot: 0 groups and 0 shots in two splits, \d+ near-duplicate pairs across splits \(within 8 bits\); \d+ dropped by perShot; \d+ dropped by dedupe/);
    const manifest = JSON.parse((await run('unzip', ['-p', file, 'manifest.json'])).stdout);
    expect(manifest.options).toMatchObject({ splitBy: 'shot', dedupe: 8, perShot: 4 });
    expect(manifest.leakage).toEqual({ groupsInTwoSplits: 0, shotsInTwoSplits: 0, nearDuplicatePairsAcrossSplits: 0, dupeDistance: 8 });
    expect(manifest.counts.droppedBy.perShot).toBeGreaterThan(0);
    expect(manifest.counts.droppedBy.dedupe).toBeGreaterThan(0);
    const csv = (await run('unzip', ['-p', file, 'manifest.csv'], { maxBuffer: 64e6 })).stdout.trim().split('\r\n');
    expect(csv[0].split(',').slice(0, 7)).toEqual(['file', 'film', 'frame', 'split', 'label', 'group', 'dupe_group']);
    const rows = csv.slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(manifest.counts.files);
    const splitOfGroup = new Map<string, Set<string>>();
    for (const [, , , split, , group] of rows) splitOfGroup.set(group, (splitOfGroup.get(group) ?? new Set()).add(split));
    expect([...splitOfGroup.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set(rows.map((r) => r[6])).size).toBe(rows.length);
  });

  it('refuses --split-by shot without --split, and a bad --dedupe, naming the flag', async () => {
    const fail = async (...args: string[]) => {
      try {
        await run('node_modules/.bin/tsx', ['scripts/export.ts', demo.root, '--db', demo.dbFile, '--layout', 'flat', '--zip', `${demo.dir}/x.zip`, ...args]);
        return '';
      } catch (error) {
        return (error as { stderr: string }).stderr;
      }
    };
    expect(await fail('--split-by', 'shot')).toMatch(/--split-by: needs split/);
    expect(await fail('--dedupe', '99')).toMatch(/--dedupe/);
    expect(await fail('--per-shot', '0')).toMatch(/--per-shot/);
  });
});
