/**
 * The two files that make an export auditable and reproducible:
 * manifest.csv, one row per image (its path, film, frame, split, class and
 * every metadata column), and manifest.json, the query, the selection with
 * its manual changes, the options and the counts. Both are produced as
 * streams of text chunks, so a 100,000-row manifest is never one string.
 */
import { METADATA_COLUMN_NAMES } from '@/lib/db/columns';
import type { MissingFrame } from '@/lib/selections';
import type { Leakage, PlanCounts, PlannedFrame } from './plan';

export const MANIFEST_CSV = 'manifest.csv';
export const MANIFEST_JSON = 'manifest.json';

export const CSV_HEADER = ['file', 'film', 'frame', 'split', 'label', 'group', 'dupe_group', ...METADATA_COLUMN_NAMES];

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; NULL is empty. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(fields: Array<string | number | null>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** One line of manifest.csv: the file, the frame it shows, and any columns a format adds (`extraHeader`). */
export interface ManifestRow {
  file: string;
  frame: PlannedFrame;
  extra?: Array<string | number | null>;
}

/** manifest.csv, a line at a time. */
export function* manifestCsv(rows: Iterable<ManifestRow>, extraHeader: readonly string[] = []): Generator<string> {
  yield csvLine([...CSV_HEADER, ...extraHeader]);
  for (const { file, frame, extra = [] } of rows) {
    yield csvLine([file, frame.film, frame.frame, frame.split, frame.label, frame.group, frame.dupeGroup, ...METADATA_COLUMN_NAMES.map((c) => frame.row[c]), ...extra]);
  }
}

export interface ManifestInfo {
  version: string;
  createdAt: string;
  query: string;
  where: string;
  selection: { id: number; name: string; query: string } | null;
  options: Record<string, unknown>;
  counts: PlanCounts & { missingFiles: number };
  drop: { label: string; count: number } | null;
  leakage: Leakage;
  /** Frames the plan listed whose JPEG was gone from the library (first ones). */
  missingFiles: Array<{ film: string; frame: number }>;
  /** What the formats beyond the folders wrote (classes, boxes, crops, COCO, shards): lib/export/formats.ts. */
  formats?: Record<string, unknown>;
}

/**
 * manifest.json; the selection's manual changes are streamed from `changes`
 * (an "include all results" can make tens of thousands of them).
 */
export function* manifestJson(info: ManifestInfo, changes: Iterable<MissingFrame>): Generator<string> {
  const { selection, ...rest } = info;
  const head = JSON.stringify({ stillroom: info.version, createdAt: info.createdAt, query: info.query, where: info.where }, null, 2);
  yield `${head.slice(0, -2)},\n  "selection": `;
  if (selection === null) {
    yield 'null';
  } else {
    yield `{\n    "id": ${selection.id},\n    "name": ${JSON.stringify(selection.name)},\n    "query": ${JSON.stringify(selection.query)},\n    "changes": [`;
    let first = true;
    for (const change of changes) {
      yield `${first ? '' : ','}\n      ${JSON.stringify(change)}`;
      first = false;
    }
    yield `${first ? '' : '\n    '}]\n  }`;
  }
  const tail = { options: rest.options, counts: rest.counts, leakage: rest.leakage, drop: rest.drop, missingFiles: rest.missingFiles, ...(rest.formats && { formats: rest.formats }) };
  yield `,\n${JSON.stringify(tail, null, 2).slice(2)}\n`;
}
