/**
 * metadata.jsonl for Hugging Face `datasets`' imagefolder builder
 * (https://huggingface.co/docs/datasets/image_dataset#imagefolder): one JSON
 * object per line per image, `file_name` relative to the metadata file, any
 * other keys become columns, and an `objects` struct of lists holds the
 * boxes as the docs' object-detection example does (`bbox` in COCO
 * [x, y, width, height]). One file per split folder, because the builder
 * takes each split's metadata from the files matched by that split.
 *
 * The builder infers each column's type from the JSON (pyarrow) and refuses
 * splits whose types differ. So a REAL column is always written with a
 * decimal point (3.0, never 3: a split where it happens to be whole would
 * read as int64, another as double), and missing text is "" as in
 * manifest.csv (a column that is null on every line of one split, such as
 * `blank` or an unnamed `character`, would read as type null there and as
 * string in another).
 */
import { FRAME_COLUMNS, METADATA_COLUMN_NAMES } from '@/lib/db/columns';
import type { Sample } from './samples';

export const HF_METADATA = 'metadata.jsonl';

/** A float that JSON readers type as floating point: 3 -> 3.0. */
export function floatJson(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'null';
  return Number.isInteger(value) && Math.abs(value) < 1e15 ? value.toFixed(1) : JSON.stringify(value);
}

const list = (values: string[]) => `[${values.join(',')}]`;
const text = (value: string | null) => JSON.stringify(value ?? '');

/** `sample.path` relative to the folder of its split's metadata.jsonl (or annotations.json). */
export function splitRelative(sample: Sample): string {
  const split = sample.frame.split;
  return split === null ? sample.path : sample.path.slice(split.length + 1);
}

/** Where a split's metadata file goes: `<split>/metadata.jsonl`, or `metadata.jsonl` without splits. */
export function perSplitFile(split: string | null, name: string): string {
  return split === null ? name : `${split}/${name}`;
}

/** One line of metadata.jsonl. */
export function metadataLine(sample: Sample, withLabel: boolean): string {
  const { frame } = sample;
  const fields: string[] = [`"file_name":${JSON.stringify(splitRelative(sample))}`];
  if (withLabel) fields.push(`"label":${JSON.stringify(frame.label)}`);
  fields.push(`"film":${JSON.stringify(frame.film)}`, `"frame":${frame.frame}`);
  for (const column of METADATA_COLUMN_NAMES) {
    const value = frame.row[column];
    const type = FRAME_COLUMNS[column].type;
    fields.push(`${JSON.stringify(column)}:${type === 'real' ? floatJson(value as number | null) : type === 'text' ? text(value as string | null) : JSON.stringify(value)}`);
  }
  fields.push(`"character":${text(sample.character)}`);
  if (sample.face !== null && sample.crop !== null) {
    const { x, y, width, height } = sample.crop;
    fields.push(`"face":${sample.face}`, `"crop":${list([x, y, width, height].map(floatJson))}`);
  }
  const boxes = sample.boxes;
  const objects = [
    `"bbox":${list(boxes.map((box) => list(box.bbox.map(floatJson))))}`,
    `"category":${list(boxes.map(() => '0'))}`,
    `"area":${list(boxes.map((box) => floatJson(box.bbox[2] * box.bbox[3])))}`,
    `"face":${list(boxes.map((box) => String(box.face)))}`,
    `"size":${list(boxes.map((box) => floatJson(box.size)))}`,
    `"emotion":${list(boxes.map((box) => text(box.emotion)))}`,
    `"character":${list(boxes.map((box) => text(box.character)))}`,
  ];
  fields.push(`"objects":{${objects.join(',')}}`);
  return `{${fields.join(',')}}\n`;
}

/** A split's metadata.jsonl, a line at a time. */
export function* metadataJsonl(samples: Iterable<Sample>, withLabel: boolean): Generator<string> {
  for (const sample of samples) yield metadataLine(sample, withLabel);
}
