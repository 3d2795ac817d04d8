/**
 * The documentation stays inside the repository and in step with the
 * tables: every relative link resolves to a file of the project, and
 * docs/data-model.md names every column ingest stores.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACE_COLUMNS, FRAME_COLUMN_NAMES, SUBTITLE_COLUMNS } from '@/lib/db/columns';

const ROOT = process.cwd();
const PAGES = ['README.md', 'SECURITY.md', 'BENCHMARKS.md', 'demo/README.md', 'scripts/fixtures/README.md', ...readdirSync(path.join(ROOT, 'docs')).map((name) => `docs/${name}`)].filter(
  (page) => page.endsWith('.md') && existsSync(path.join(ROOT, page)),
);

describe('markdown links', () => {
  it.each(PAGES)('%s links only to files that exist in the repository', (page) => {
    const text = readFileSync(path.join(ROOT, page), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'));
    for (const target of targets) {
      const file = path.resolve(path.dirname(path.join(ROOT, page)), decodeURIComponent(target.split('#')[0]));
      expect(file.startsWith(ROOT + path.sep), `${page}: ${target} leaves the repository`).toBe(true);
      expect(existsSync(file), `${page}: ${target} does not exist`).toBe(true);
    }
    expect(text, `${page} points at a machine path`).not.toMatch(/\/work\/shared|\.\.\/shared\//);
  });
});

describe('docs/data-model.md', () => {
  const doc = readFileSync(path.join(ROOT, 'docs/data-model.md'), 'utf8');
  const stored = [
    ...FRAME_COLUMN_NAMES.filter((c) => c !== 'film' && c !== 'frame').map((c) => `frames.${c}`),
    ...Object.keys(FACE_COLUMNS).filter((c) => c !== 'film' && c !== 'frame').map((c) => `faces.${c}`),
    ...Object.keys(SUBTITLE_COLUMNS).filter((c) => c !== 'film'),
  ];

  it.each(stored)('says where %s comes from', (column) => {
    expect(doc).toContain(column.split('.').pop());
  });
});
