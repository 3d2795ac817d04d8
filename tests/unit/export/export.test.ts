/**
 * runExport end to end on the demo library: real files, real sharp, zips
 * checked with Info-ZIP's unzip, bytes compared with the library's JPEGs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkZipFile, ExportCancelled, parseExportRequest, resolveExportFolder, runExport, type ExportRequestInput } from '@/lib/export';
import { CSV_HEADER } from '@/lib/export/manifest';
import { QueryError } from '@/lib/errors';
import { applyChange, createSelection } from '@/lib/selections';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';

let demo: DemoDatabase;
let exportRoot: string;
beforeAll(async () => {
  demo = await demoDatabase('export', { copyLibrary: true });
  exportRoot = path.join(demo.dir, 'exports');
});
afterAll(() => demo.cleanup());

const options = (input: Partial<ExportRequestInput>) => parseExportRequest({ layout: 'flat', target: 'zip', ...input }).options;
const sources = () => ({ dbFile: demo.dbFile, libraryRoot: demo.root });
const original = (name: string) => readFileSync(path.join(demo.root, 'frame_per_second', name.replace(/_frame_\d+\.(jpg|png)$/, ''), name.replace(/\.png$/, '.jpg')));

/** RFC 4180 reader, enough for our manifests (quoted fields with commas, quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

function zipEntries(file: string): string[] {
  return execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n');
}

describe('zip export', () => {
  it('writes a valid zip: manifests first and last, every planned file, original bytes, ZIP headers checked by unzip -t', async () => {
    const selection = createSelection(demo.db, { name: 'zip mcu', query: MCU });
    applyChange(demo.db, selection.id, { action: 'exclude', frames: [{ film: 'the_hustle_2019', frame: 20 }] });
    applyChange(demo.db, selection.id, { action: 'include', frames: [{ film: 'the_hustle_2019', frame: 1 }] });
    const file = await checkZipFile(path.join(demo.dir, 'mcu.zip'));
    const progress: number[] = [];
    const result = await runExport(sources(), options({ selection: selection.id, layout: 'positive-negative', split: { train: 0.8, test: 0.2 }, seed: 3 }), { kind: 'zip-file', file }, {
      onProgress: (p) => progress.push(p.filesDone),
    });
    expect(result.files).toBe(800);
    expect(progress.at(-1)).toBe(800);
    expect(execFileSync('unzip', ['-t', file]).toString()).toMatch(/No errors detected in compressed data/);

    const entries = zipEntries(file);
    expect(entries[0]).toBe('manifest.csv');
    expect(entries.at(-1)).toBe('manifest.json');
    const csv = parseCsv(execFileSync('unzip', ['-p', file, 'manifest.csv'], { maxBuffer: 64e6 }).toString());
    expect(csv[0]).toEqual(CSV_HEADER);
    const rows = csv.slice(1);
    // manifest.csv, then each split's metadata.jsonl (Hugging Face imagefolder), the images, manifest.json.
    expect(entries.slice(1, 3)).toEqual(['train/metadata.jsonl', 'test/metadata.jsonl']);
    expect(rows.map((r) => r[0])).toEqual(entries.slice(3, -1));
    for (const row of rows) {
      const [file, film, frame, split, label] = row;
      expect(file).toBe(`${split}/${label}/${film}_frame_${frame}.jpg`);
    }
    const positives = rows.filter((r) => r[4] === 'positive').map((r) => `${r[1]}_frame_${r[2]}.jpg`);
    expect(positives).toHaveLength(254);
    expect(positives).toContain('the_hustle_2019_frame_1.jpg');
    expect(positives).not.toContain('the_hustle_2019_frame_20.jpg');

    const manifest = JSON.parse(execFileSync('unzip', ['-p', file, 'manifest.json']).toString());
    expect(manifest).toMatchObject({
      query: '',
      where: 'where in selection "zip mcu"',
      selection: {
        id: selection.id,
        name: 'zip mcu',
        query: MCU,
        changes: [
          { film: 'the_hustle_2019', frame: 1, state: 'included' },
          { film: 'the_hustle_2019', frame: 20, state: 'excluded' },
        ],
      },
      options: { layout: 'positive-negative', split: { train: 0.8, test: 0.2 }, splitBy: 'shot', seed: 3, dropMajority: null },
      counts: { files: 800, dropped: 0, withoutImage: 0, missingFiles: 0 },
    });
    const bySplit: Record<string, Record<string, number>> = {};
    for (const [, , , split, label] of rows) (bySplit[split] ??= {})[label] = (bySplit[split][label] ?? 0) + 1;
    expect(manifest.counts.bySplit).toEqual(bySplit);

    // Every image is the library's JPEG, byte for byte.
    const out = path.join(demo.dir, 'unzipped');
    execFileSync('unzip', ['-q', file, '-d', out]);
    for (const entry of entries.slice(3, -1)) expect(readFileSync(path.join(out, entry)).equals(original(path.basename(entry)))).toBe(true);
    // JPEGs are stored, the manifests deflated.
    const listing = execFileSync('unzip', ['-v', file], { maxBuffer: 64e6 }).toString();
    expect(listing).toMatch(/Stored.*train\/positive\//);
    expect(listing).toMatch(/Defl:N.*manifest\.csv/);
  });

  it('refuses a zip path that exists, and removes its temporary file when cancelled', async () => {
    writeFileSync(path.join(demo.dir, 'taken.zip'), 'x');
    await expect(checkZipFile(path.join(demo.dir, 'taken.zip'))).rejects.toThrow(QueryError);
    const file = await checkZipFile(path.join(demo.dir, 'cancelled.zip'));
    const controller = new AbortController();
    const run = runExport(sources(), options({}), { kind: 'zip-file', file }, {
      signal: controller.signal,
      onProgress: (p) => p.filesDone >= 100 && controller.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(readdirSync(demo.dir).filter((name) => name.startsWith('cancelled.zip'))).toEqual([]);
  });
});

describe('folder export', () => {
  it('writes into a new folder under the export root, with manifests, then renames it into place', async () => {
    const folder = await resolveExportFolder(exportRoot, 'emotions/v1');
    const result = await runExport(sources(), options({ query: 'faces_found=1', layout: 'by:p_emotion' }), { kind: 'folder', folder });
    expect(folder).toBe(path.join(exportRoot, 'emotions', 'v1'));
    expect(readdirSync(path.join(exportRoot, 'emotions'))).toEqual(['v1']);
    const folders = readdirSync(folder).sort();
    expect(folders).toContain('manifest.csv');
    expect(folders).toContain('none');
    const written = folders.filter((name) => !name.startsWith('manifest') && name !== 'metadata.jsonl').reduce((n, label) => n + readdirSync(path.join(folder, label)).length, 0);
    expect(written).toBe(result.files);
    const sample = readdirSync(path.join(folder, 'happy'))[0];
    expect(readFileSync(path.join(folder, 'happy', sample)).equals(original(sample))).toBe(true);
  });

  it.each([
    ['../outside', /not a folder inside the export root/],
    ['/tmp/absolute', /relative to the export root, not an absolute path/],
    ['a/../../x', /not a folder inside the export root/],
    ['', /must be a folder name/],
  ])('refuses %j, naming no path of the machine (the API answers with it)', async (name, message) => {
    await expect(resolveExportFolder(exportRoot, name)).rejects.toThrow(message);
    await expect(resolveExportFolder(exportRoot, name)).rejects.not.toThrow(demo.dir);
  });

  it('refuses a non-empty folder and a symlink leading out, and accepts an empty folder', async () => {
    mkdirSync(path.join(exportRoot, 'full'), { recursive: true });
    writeFileSync(path.join(exportRoot, 'full', 'keep.txt'), 'mine');
    await expect(resolveExportFolder(exportRoot, 'full')).rejects.toThrow(/^name: "full" already exists in the export root and is not an empty folder; exports never overwrite: choose a new name, such as "full-2"$/);
    symlinkSync(demo.dir, path.join(exportRoot, 'escape'));
    await expect(resolveExportFolder(exportRoot, 'escape/x')).rejects.toThrow(/outside the export root/);
    mkdirSync(path.join(exportRoot, 'empty'));
    const folder = await resolveExportFolder(exportRoot, 'empty');
    await runExport(sources(), options({ query: 'faces_found=4' }), { kind: 'folder', folder });
    expect(readdirSync(folder)).toContain('manifest.json');
    expect(readFileSync(path.join(exportRoot, 'full', 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('cancelled midway leaves neither the folder nor the partial folder', async () => {
    const folder = await resolveExportFolder(exportRoot, 'cancelled');
    const controller = new AbortController();
    let seenPartial = false;
    const run = runExport(sources(), options({ layout: 'positive-negative', query: MCU }), { kind: 'folder', folder }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.filesDone < 50) return;
        seenPartial = readdirSync(exportRoot).some((name) => name.startsWith('cancelled.partial-'));
        controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(seenPartial).toBe(true);
    expect(readdirSync(exportRoot).filter((name) => name.startsWith('cancelled'))).toEqual([]);
  });

  it('resizes, greys and converts with sharp, keeping the names', async () => {
    const folder = await resolveExportFolder(exportRoot, 'gan');
    await runExport(sources(), options({ query: 'faces_found=4', resize: { width: 192, height: 80 }, grayscale: true, format: 'png' }), { kind: 'folder', folder });
    const files = readdirSync(folder).filter((name) => name.endsWith('.png'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files.slice(0, 5)) {
      const meta = await sharp(path.join(folder, name)).metadata();
      expect(meta).toMatchObject({ format: 'png', width: 192, height: 80, channels: 1 });
    }
    const contain = await resolveExportFolder(exportRoot, 'contain');
    await runExport(sources(), options({ query: 'faces_found=4', resize: { width: 100, height: 100, fit: 'contain' } }), { kind: 'folder', folder: contain });
    const jpeg = readdirSync(contain).find((name) => name.endsWith('.jpg'))!;
    expect(await sharp(path.join(contain, jpeg)).metadata()).toMatchObject({ format: 'jpeg', width: 100, height: 100, channels: 3 });
  });

  it('leaves out and reports a frame whose JPEG is gone, and fails naming a frame sharp cannot read', async () => {
    const dir = path.join(demo.root, 'frame_per_second', 'the_hustle_2019');
    renameSync(path.join(dir, 'the_hustle_2019_frame_5.jpg'), path.join(dir, 'moved.jpg.bak'));
    try {
      const folder = await resolveExportFolder(exportRoot, 'missing');
      const result = await runExport(sources(), options({ query: 'film=the_hustle_2019&frame__lte=10' }), { kind: 'folder', folder });
      expect(result).toMatchObject({ files: 9, missingFiles: [{ film: 'the_hustle_2019', frame: 5 }], counts: { files: 9, missingFiles: 1 } });
      expect(existsSync(path.join(folder, 'the_hustle_2019_frame_5.jpg'))).toBe(false);
      const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
      expect(manifest.missingFiles).toEqual([{ film: 'the_hustle_2019', frame: 5 }]);
      expect(manifest.counts.bySplit).toEqual({ all: { all: 9 } });
    } finally {
      renameSync(path.join(dir, 'moved.jpg.bak'), path.join(dir, 'the_hustle_2019_frame_5.jpg'));
    }
    const broken = path.join(dir, 'the_hustle_2019_frame_7.jpg');
    const saved = readFileSync(broken);
    writeFileSync(broken, 'not a jpeg');
    try {
      const folder = await resolveExportFolder(exportRoot, 'broken');
      const run = runExport(sources(), options({ query: 'film=the_hustle_2019&frame__lte=10', grayscale: true }), { kind: 'folder', folder });
      await expect(run).rejects.toThrow(/^the_hustle_2019 frame 7: sharp cannot convert frame_per_second\/the_hustle_2019\/the_hustle_2019_frame_7\.jpg/);
      expect(readdirSync(exportRoot).filter((name) => name.startsWith('broken'))).toEqual([]);
    } finally {
      writeFileSync(broken, saved);
    }
  });
});
