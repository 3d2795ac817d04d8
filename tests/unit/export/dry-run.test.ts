/**
 * The dry run against the export it describes: for a table of options
 * (every layout, no split and every splitBy, dedupe, per-shot caps, the
 * majority drop, face crops, negatives by query and by selection, blank
 * negatives left out) and every target (folder, zip, WebDataset shards), the
 * files per split and class the dry run promises are the ones manifest.json
 * records and the image files actually written, and its bytes are the
 * JPEGs' bytes the export read.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkZipFile, classWarnings, dryRunExport, parseExportRequest, resolveExportFolder, runExport, type ExportRequestInput } from '@/lib/export';
import { createSelection } from '@/lib/selections';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
const SPLIT = { train: 0.6, validation: 0.2, test: 0.2 };

let demo: DemoDatabase;
let exportRoot: string;
let negatives: number;
beforeAll(async () => {
  demo = await demoDatabase('dry-run', { copyLibrary: true });
  exportRoot = path.join(demo.dir, 'exports');
  negatives = createSelection(demo.db, { name: 'wide shots', query: 'p_face_size__lt=4' }).id;
  // A JPEG gone since the ingest: the dry run must find it missing, as the export does.
  rmSync(path.join(demo.root, 'frame_per_second', 'the_hustle_2019', 'the_hustle_2019_frame_33.jpg'));
});
afterAll(() => demo.cleanup());

type Case = [string, Partial<ExportRequestInput> | (() => Partial<ExportRequestInput>)];

const CASES: Case[] = [
  ['flat, every frame', { layout: 'flat' }],
  ['positive-negative, the seed', { layout: 'positive-negative', query: MCU }],
  ['positive-negative split by shot, dedupe, drop majority', { layout: 'positive-negative', query: MCU, split: SPLIT, dedupe: true, dropMajority: 0.5, seed: 3 }],
  ['by:p_emotion split by frame, per-shot cap', { layout: 'by:p_emotion', split: SPLIT, splitBy: 'frame', perShot: 2, seed: 1 }],
  ['by:faces_found split by film', { layout: 'by:faces_found', split: { train: 0.5, test: 0.5 }, splitBy: 'film' }],
  ['by:p_emotion split by shot cluster, face crops', { layout: 'by:p_emotion', query: 'frame__lte=120', split: SPLIT, splitBy: 'shot_cluster', crop: 'primary', minFace: 60 }],
  ['flat, every face cropped, resized', { layout: 'flat', query: 'faces_found__gte=2', crop: 'faces', resize: { width: 64, height: 64 } }],
  ['negatives by query, blank ones left out, split', { layout: 'positive-negative', query: MCU, negative: 'query', negativeQuery: 'prim_char_flag=0', blankNegatives: false, split: SPLIT }],
  ['negatives by selection, split by frame', () => ({ layout: 'positive-negative', query: MCU, negativeSelection: negatives, split: SPLIT, splitBy: 'frame' })],
];

const TARGETS = ['folder', 'zip', 'webdataset'] as const;

/** The image files of an export, as `split/class/name` paths (zip and folder) or `<shard>/<member>` (WebDataset). */
function imagesOf(target: (typeof TARGETS)[number], place: string): string[] {
  const isImage = (name: string) => /\.(jpg|png)$/.test(name);
  if (target === 'zip') return execFileSync('unzip', ['-Z1', place]).toString().trim().split('\n').filter(isImage);
  if (target === 'webdataset') {
    return readdirSync(place)
      .filter((name) => name.endsWith('.tar'))
      .flatMap((tar) => execFileSync('tar', ['-tf', path.join(place, tar)]).toString().trim().split('\n').filter(isImage).map((m) => `${tar}/${m}`));
  }
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
  return walk(place).filter(isImage);
}

function manifestOf(target: (typeof TARGETS)[number], place: string): { counts: { files: number; bySplit: Record<string, Record<string, number>>; missingFiles: number } } {
  const text = target === 'zip' ? execFileSync('unzip', ['-p', place, 'manifest.json']).toString() : readFileSync(path.join(place, 'manifest.json'), 'utf8');
  return JSON.parse(text);
}

describe('a dry run is what the export then writes', () => {
  let n = 0;
  for (const [name, input] of CASES) {
    for (const target of TARGETS) {
      it(`${name}, ${target}`, async () => {
        const body = { ...(typeof input === 'function' ? input() : input), target };
        const { options } = parseExportRequest(body);
        const plan = await dryRunExport(demo.db, demo.root, options);
        const place = `case-${n++}`;
        const destination =
          target === 'zip'
            ? { kind: 'zip-file' as const, file: await checkZipFile(path.join(demo.dir, `${place}.zip`)) }
            : { kind: target, folder: await resolveExportFolder(exportRoot, place) };
        const progress: number[] = [];
        const result = await runExport({ dbFile: demo.dbFile, libraryRoot: demo.root }, options, destination, { onProgress: (p) => progress.push(p.bytesTotal) });
        const written = destination.kind === 'zip-file' ? destination.file : destination.folder;
        const manifest = manifestOf(target, written);

        expect(plan.files).toBe(result.files);
        expect(plan.files).toBe(manifest.counts.files);
        expect(plan.bySplit).toEqual(manifest.counts.bySplit);
        expect(plan.missingFiles).toBe(manifest.counts.missingFiles);
        const images = imagesOf(target, written);
        expect(images).toHaveLength(plan.files);
        if (target !== 'webdataset') {
          // Files per split and class, from the paths themselves.
          const fromPaths: Record<string, Record<string, number>> = {};
          for (const file of images) {
            const parts = file.split('/');
            const split = options.split ? parts[0] : 'all';
            const label = options.layout.kind === 'flat' ? 'all' : parts[parts.length - 2];
            (fromPaths[split] ??= {})[label] = (fromPaths[split][label] ?? 0) + 1;
          }
          expect(fromPaths).toEqual(plan.bySplit);
        }
        expect(plan.bytes.exact).toBe(true);
        expect(plan.bytes.images).toBe(progress[progress.length - 1]);
        if (!plan.bytes.transformed && target === 'folder') {
          expect(images.reduce((sum, file) => sum + statSync(path.join(written, file)).size, 0)).toBe(plan.bytes.images);
        }
      });
    }
  }
});

describe('the dry run', () => {
  it('finds the JPEG missing since the ingest and counts what the options left out', async () => {
    const plan = await dryRunExport(demo.db, demo.root, parseExportRequest({ layout: 'positive-negative', query: MCU, target: 'zip' }).options);
    expect(plan.missingFiles).toBe(1);
    expect(plan.bytes).toMatchObject({ exact: true, transformed: false });
    const capped = await dryRunExport(demo.db, demo.root, parseExportRequest({ layout: 'positive-negative', query: MCU, dedupe: true, perShot: 3, target: 'zip' }).options);
    expect(capped.droppedBy.perShot).toBeGreaterThan(0);
    expect(capped.files).toBe(plan.files - capped.droppedBy.perShot - capped.droppedBy.dedupe + (capped.missingFiles === 0 ? 1 : 0));
  });

  it('estimates the bytes from an even sample of the JPEGs beyond the exact limit, and says so', async () => {
    const options = parseExportRequest({ layout: 'flat', target: 'zip' }).options;
    const exact = await dryRunExport(demo.db, demo.root, options);
    const estimate = await dryRunExport(demo.db, demo.root, options, { exactFiles: 100 });
    expect(exact.bytes).toMatchObject({ exact: true, checked: exact.files + 1 });
    expect(estimate.bytes).toMatchObject({ exact: false, checked: 400 });
    expect(estimate.missingFiles).toBeNull();
    expect(Math.abs(estimate.bytes.images - exact.bytes.images) / exact.bytes.images).toBeLessThan(0.1);
  });

  it('warns of a class under 5 % of a split and of a split without a class', () => {
    expect(classWarnings({ train: { positive: 4, negative: 96 }, test: { negative: 10 } }, ['positive', 'negative']).map((w) => w.message)).toEqual([
      'positive is 4.0 % of train (4 of 100 files)',
      'test has no positive frame',
    ]);
    expect(classWarnings({ all: { positive: 5, negative: 95 } }, ['positive', 'negative'])).toEqual([]);
    expect(classWarnings({ all: { all: 10 } })).toEqual([]);
    expect(classWarnings({ all: { negative: 10 } }, ['positive', 'negative']).map((w) => w.message)).toEqual(['the export has no positive frame']);
  });
});
