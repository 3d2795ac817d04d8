/**
 * Readers for the export formats, written from each format's documentation
 * rather than from our writers: JSON Lines (https://jsonlines.org: UTF-8,
 * one JSON value per line, '\n' separated), COCO's detection fields
 * (https://cocodataset.org/#format-data), and WebDataset shards read by
 * Python's own tarfile (tests/helpers/read_shards.py). Plus what the tests
 * compare them with: the source face boxes from SQLite.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { DB } from '@/lib/db/connection';
import type { FaceRow } from '@/lib/export/samples';

export function readJsonLines(file: string): Array<{ raw: string; value: Record<string, unknown> }> {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n'), `${file} ends its last line`).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((raw, i) => {
      expect(raw.trim(), `${file} line ${i + 1} is not blank`).not.toBe('');
      const value = JSON.parse(raw) as unknown;
      expect(typeof value === 'object' && value !== null && !Array.isArray(value), `${file} line ${i + 1} is an object`).toBe(true);
      return { raw, value: value as Record<string, unknown> };
    });
}

/** Every file under `root`, relative, forward slashes. */
export function filesUnder(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix)).flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(root, relative)).isDirectory() ? filesUnder(root, relative) : [relative];
  });
}

export interface CocoFile {
  images: Array<{ id: number; file_name: string; width: number; height: number }>;
  annotations: Array<{ id: number; image_id: number; category_id: number; bbox: number[]; area: number; iscrowd: number }>;
  categories: Array<{ id: number; name: string }>;
}

/** COCO's rules for detection annotations, checked field by field; answers the file, parsed. */
export function readCoco(file: string): CocoFile {
  const coco = JSON.parse(readFileSync(file, 'utf8')) as CocoFile;
  for (const key of ['images', 'annotations', 'categories'] as const) expect(Array.isArray(coco[key]), `${file}: ${key} is a list`).toBe(true);
  const images = new Map<number, CocoFile['images'][number]>();
  for (const image of coco.images) {
    expect(Number.isInteger(image.id) && !images.has(image.id), `image id ${image.id} is a unique integer`).toBe(true);
    expect(typeof image.file_name).toBe('string');
    expect(Number.isInteger(image.width) && image.width > 0 && Number.isInteger(image.height) && image.height > 0).toBe(true);
    images.set(image.id, image);
  }
  const categories = new Set(coco.categories.map((c) => c.id));
  expect(categories.size).toBe(coco.categories.length);
  for (const c of coco.categories) expect(Number.isInteger(c.id) && c.id > 0 && typeof c.name === 'string').toBe(true);
  const ids = new Set<number>();
  for (const a of coco.annotations) {
    expect(Number.isInteger(a.id) && !ids.has(a.id), `annotation id ${a.id} is a unique integer`).toBe(true);
    ids.add(a.id);
    const image = images.get(a.image_id);
    expect(image, `annotation ${a.id} refers to an image`).toBeDefined();
    expect(categories.has(a.category_id), `annotation ${a.id} has a known category`).toBe(true);
    expect(a.iscrowd).toBe(0);
    expect(a.bbox).toHaveLength(4);
    const [x, y, w, h] = a.bbox;
    expect(x >= 0 && y >= 0 && w > 0 && h > 0, `annotation ${a.id}: bbox ${a.bbox} is [x, y, width, height]`).toBe(true);
    expect(x + w <= image!.width + 0.01 && y + h <= image!.height + 0.01, `annotation ${a.id}: bbox inside its ${image!.width}x${image!.height} image`).toBe(true);
    expect(Math.abs(a.area - w * h)).toBeLessThanOrEqual(0.01 + 1e-6 * w * h);
  }
  return coco;
}

export interface ShardMember {
  name: string;
  size: number;
  sha256: string;
  text?: string;
}

export function readShards(files: string[]): Record<string, ShardMember[]> {
  const out = execFileSync('/usr/bin/python3', ['tests/helpers/read_shards.py', ...files], { maxBuffer: 256e6 }).toString();
  return JSON.parse(out) as Record<string, ShardMember[]>;
}

export function sourceFaces(db: DB, film: string, frame: number): FaceRow[] {
  return db.prepare<[string, number], FaceRow>('SELECT face_index, top, right, bottom, left, size FROM faces WHERE film = ? AND frame = ? ORDER BY face_index').all(film, frame);
}

export function sourceFrame(db: DB, film: string, frame: number): Record<string, string | number | null> {
  return db.prepare<[string, number], Record<string, string | number | null>>('SELECT * FROM frames WHERE film = ? AND frame = ?').get(film, frame)!;
}

/** `<film>_frame_<N>[_face_<k>]` from a file name or key. */
export function parseFrameName(name: string): { film: string; frame: number; face: number | null } {
  const match = /^([a-z0-9_]+?)_frame_(\d+)(?:_face_(\d+))?(?:\.[a-z]+)?$/.exec(path.posix.basename(name));
  if (!match) throw new Error(`not a frame file name: ${name}`);
  return { film: match[1], frame: Number(match[2]), face: match[3] === undefined ? null : Number(match[3]) };
}
