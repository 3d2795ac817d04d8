/**
 * The export CLI as a user runs it (npm run export runs this same script
 * with tsx), on the demo library: the seed's medium close-ups as
 * positive/negative must be, file for file and byte for byte, what the seed
 * notebook's pandas code copies (demo/demo-truth.json).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelection } from '@/lib/selections';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

const run = promisify(execFile);
const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
const truth = JSON.parse(readFileSync('demo/demo-truth.json', 'utf8')) as { positive: string[]; negative: string[] };

let demo: DemoDatabase;
let exportRoot: string;
beforeAll(async () => {
  demo = await demoDatabase('cli');
  exportRoot = path.join(demo.dir, 'exports');
  createSelection(demo.db, { name: 'close ups', query: MCU });
});
afterAll(() => demo.cleanup());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/tsx', ['scripts/export.ts', demo.root, '--db', demo.dbFile, ...args], {
      env: { ...process.env, STILLROOM_EXPORT_ROOT: exportRoot },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run export', () => {
  it("copies the seed's medium close-ups as positive/ and negative/, exactly as pandas does, bytes unchanged", async () => {
    const { code, stdout, stderr } = await cli('--query', MCU, '--layout', 'positive-negative', '--out', 'mcu');
    expect(stderr).toContain('800 frames where prim_char_flag = 1 and p_face_size > 4 and p_face_size < 20');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^800 files \(14\.\d MB\) in [\d.]+ s -> .*exports\/mcu\n$/);
    const folder = path.join(exportRoot, 'mcu');
    expect(readdirSync(folder).sort()).toEqual(['manifest.csv', 'manifest.json', 'metadata.jsonl', 'negative', 'positive']);
    expect(readdirSync(path.join(folder, 'positive')).sort()).toEqual([...truth.positive].sort());
    expect(readdirSync(path.join(folder, 'negative')).sort()).toEqual([...truth.negative].sort());
    for (const label of ['positive', 'negative'] as const) {
      for (const name of truth[label]) {
        const film = name.replace(/_frame_\d+\.jpg$/, '');
        const copy = readFileSync(path.join(folder, label, name));
        expect(copy.equals(readFileSync(path.join(demo.root, 'frame_per_second', film, name))), name).toBe(true);
      }
    }
  });

  it('writes a zip with a named selection, splits and a seed', async () => {
    const file = path.join(demo.dir, 'split.zip');
    const { code } = await cli('--selection', 'close ups', '--layout', 'positive-negative', '--split', 'train=0.8,validation=0.1,test=0.1', '--seed', '7', '--drop-majority', '0.4', '--zip', file);
    expect(code).toBe(0);
    const { stdout: test } = await run('unzip', ['-t', file]);
    expect(test).toMatch(/No errors detected/);
    const { stdout: json } = await run('unzip', ['-p', file, 'manifest.json']);
    const manifest = JSON.parse(json);
    expect(manifest.options).toMatchObject({ split: { train: 0.8, validation: 0.1, test: 0.1 }, seed: 7, dropMajority: 0.4 });
    expect(manifest.selection).toMatchObject({ name: 'close ups', query: MCU, changes: [] });
    expect(manifest.drop).toEqual({ label: 'negative', count: Math.round(437 * 0.4) });
  });

  it('writes WebDataset shards of --shard-size samples, and face crops with COCO boxes, under the same names as the API', async () => {
    const shards = await cli('--query', 'frame__lte=40', '--layout', 'by:p_emotion', '--split', 'train=0.8,test=0.2', '--shard-size', '50', '--webdataset', 'shards');
    expect(shards.code).toBe(0);
    const folder = path.join(exportRoot, 'shards');
    expect(readdirSync(folder).sort()).toEqual(['manifest.csv', 'manifest.json', 'test-000000.tar', 'train-000000.tar', 'train-000001.tar']);
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.options).toMatchObject({ shardSize: 50, coco: false, crop: null });

    const crops = await cli('--query', 'frame__lte=40', '--layout', 'by:p_emotion', '--crop', 'primary', '--margin', '0.2', '--min-face', '100', '--coco', '--coco-category', 'p_emotion', '--out', 'crops');
    expect(crops.code).toBe(0);
    const cropped = path.join(exportRoot, 'crops');
    expect(readdirSync(cropped)).toEqual(expect.arrayContaining(['annotations.json', 'metadata.jsonl', 'manifest.csv', 'manifest.json']));
    const options = JSON.parse(readFileSync(path.join(cropped, 'manifest.json'), 'utf8')).options;
    expect(options).toMatchObject({ crop: 'primary', margin: 0.2, minFace: 100, coco: true, cocoCategory: 'p_emotion' });
    const names = readdirSync(cropped).filter((name) => !name.includes('.')).flatMap((label) => readdirSync(path.join(cropped, label)));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^[a-z0-9_]+_frame_\d+_face_0\.jpg$/);
  });

  it.each([
    [['--layout', 'by:p_emotion', '--crop', 'faces', '--out', 'x'], /^--layout: by:p_emotion describes the primary face only/],
    [['--layout', 'flat', '--shard-size', '10', '--out', 'x'], /^--shard-size: needs target webdataset/],
    [['--layout', 'flat', '--margin', '0.3', '--out', 'x'], /^--margin: needs crop/],
    [['--layout', 'flat', '--min-face', 'abc', '--crop', 'faces', '--out', 'x'], /^--min-face: must be a whole number/],
    [['--layout', 'flat', '--coco-category', 'p_emotion', '--out', 'x'], /^--coco-category: needs coco/],
    [['--layout', 'flat', '--coco', '--webdataset', 'x'], /^--coco: is for folders and zips/],
    [['--layout', 'flat', '--crop', 'eyes', '--out', 'x'], /^--crop: /],
    [['--layout', 'flat', '--webdataset', 'LIBRARY/frame_per_second/x'], /^--webdataset: \/.*\/frame_per_second\/x is inside the library \/.*; exports never write into the library: choose a folder outside it, such as \/.*\/exports\/x$/m],
    [['--layout', 'by:nope', '--out', 'x'], /^--layout: unknown column "nope"/],
    [['--layout', 'flat', '--out', 'LIBRARY'], /^--out: \/.* is inside the library \/.*; exports never write into the library/],
    [['--layout', 'flat', '--out', 'mcu'], /^--out: \/.*\/exports\/mcu already exists and is not an empty folder; exports never overwrite: choose a new folder, such as \/.*\/exports\/mcu-2$/m],
    [['--layout', 'flat', '--zip', 'LIBRARY/x.zip'], /^--zip: \/.*\/x\.zip is inside the library/],
    [['--layout', 'flat', '--zip', '/nonexistent-folder/x.zip'], /^--zip: the folder \/nonexistent-folder does not exist: create it first/],
    [['--layout', 'flat', '--negative-query', 'p_emotion=happy', '--out', 'y'], /^--negative: chooses negatives, so it needs layout positive-negative/],
    [['--layout', 'positive-negative', '--negative', 'query', '--out', 'y'], /^--negative-query: is required with negative "query"/],
    [['--layout', 'positive-negative', '--negative-selection', 'nope', '--out', 'y'], /^--negative-selection: no selection is named "nope"/],
    [['--layout', 'positive-negative', '--negative-query', 'nope=1', '--out', 'y'], /^--negative-query: /],
    [['--layout', 'flat', '--out', 'a', '--zip', 'b.zip'], /^--out\/--zip\/--webdataset: give exactly one/],
    [['--layout', 'flat', '--out', 'a', '--webdataset', 'b'], /^--out\/--zip\/--webdataset: give exactly one/],
    [['--layout', 'flat', '--selection', 'nope', '--out', 'y'], /^--selection: no selection is named "nope"/],
    [['--layout', 'flat', '--split', 'train=0.8,test=0.1', '--out', 'y'], /^--split: the fractions must add up to 1/],
    [['--layout', 'flat', '--seed', 'abc', '--out', 'y'], /^--seed: must be a whole number/],
    [['--layout', 'flat', '--query', 'faces_found__gt=abc', '--out', 'y'], /^--query: faces_found__gt: faces_found is an integer column/],
    [['--layout', 'flat', '--resize', '192', '--out', 'y'], /^--resize: expected WIDTHxHEIGHT/],
    [['--out', 'y'], /^--layout: is required/],
    [['--layout', 'flat', '--bogus', '--out', 'y'], /Unknown option '--bogus'/],
  ])('%j exits 2 naming the flag', async (args, message) => {
    const { code, stderr } = await cli(...args.map((arg) => arg.replace('LIBRARY', demo.root)));
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });
});
