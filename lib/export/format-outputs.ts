/**
 * What the formats add to a run (run.ts): the text files written beside the
 * images (metadata.jsonl and COCO annotations.json per split), the seeded
 * shuffle of WebDataset samples, the shard manifest, and the `formats`
 * section of manifest.json.
 *
 * The shuffle holds no sample in memory: each is written with its seeded
 * hash to an anonymous SQLite database (a temporary file SQLite deletes when
 * it is closed; the export's own connection cannot take writes while the
 * plan is being read from it), and read back ordered by split and hash. A
 * million samples cost a temporary file, not the server's memory.
 */
import Database from 'better-sqlite3';
import { COCO_FILE, cocoCategories, cocoJson } from './coco';
import type { FormatOptions } from './formats';
import { HF_METADATA, metadataJsonl, perSplitFile } from './hf-metadata';
import type { ManifestRow } from './manifest';
import { SPLIT_NAMES, type ExportOptions, type SplitName } from './options';
import { ALL } from './plan';
import type { Sample, SampleCounts } from './samples';
import { seededHash } from './split';
import { sampleJson, shardName, type WebDatasetSink } from './webdataset';

/** The splits that have samples, in train, validation, test order; [null] without splits. */
export function splitsOf(counts: SampleCounts): Array<SplitName | null> {
  if (counts.bySplit[ALL] !== undefined) return [null];
  return SPLIT_NAMES.filter((name) => counts.bySplit[name] !== undefined);
}

/** The extra manifest.csv columns of face crops: which face, and the crop in the original frame. */
export const CROP_COLUMNS = ['face', 'crop_x', 'crop_y', 'crop_width', 'crop_height'];

export function manifestRow(sample: Sample, file: string, withCrops: boolean): ManifestRow {
  const crop = sample.crop;
  return { file, frame: sample.frame, extra: withCrops ? [sample.face, crop?.x ?? null, crop?.y ?? null, crop?.width ?? null, crop?.height ?? null] : [] };
}

/** The text files of a folder or zip besides the manifests: [path, chunks] in the order to write them. */
export function textOutputs(
  samples: () => Iterable<Sample>,
  counts: SampleCounts,
  options: ExportOptions,
  createdAt: string,
): Array<[string, Iterable<string>]> {
  const withLabel = options.layout.kind !== 'flat';
  const outputs: Array<[string, Iterable<string>]> = [];
  const ofSplit = (split: SplitName | null) =>
    function* () {
      for (const sample of samples()) if (sample.frame.split === split) yield sample;
    };
  for (const split of splitsOf(counts)) outputs.push([perSplitFile(split, HF_METADATA), metadataJsonl(ofSplit(split)(), withLabel)]);
  const coco = options.formats.coco;
  if (coco) {
    const categories = cocoCategories(coco.category, counts.emotions);
    for (const split of splitsOf(counts)) outputs.push([perSplitFile(split, COCO_FILE), cocoJson(ofSplit(split), coco.category, categories, createdAt)]);
  }
  return outputs;
}

/** The seeded shuffle of a WebDataset export's samples, kept in a temporary database; close() removes it. */
export class ShuffledSamples {
  private readonly db = new Database('');
  private readonly insert;
  private ordinal = 0;

  constructor(private readonly seed: number) {
    this.db.exec('CREATE TABLE samples (ord INTEGER PRIMARY KEY, grp INTEGER NOT NULL, h INTEGER NOT NULL, sample TEXT NOT NULL); BEGIN');
    this.insert = this.db.prepare<[number, number, number, string]>('INSERT INTO samples (ord, grp, h, sample) VALUES (?, ?, ?, ?)');
  }

  add(sample: Sample): void {
    const group = sample.frame.split === null ? 0 : SPLIT_NAMES.indexOf(sample.frame.split);
    this.insert.run(this.ordinal++, group, seededHash(`${this.seed}:shuffle:${sample.key}`), JSON.stringify(sample));
  }

  /** Every sample, split by split, in seeded order (ties, which a 53-bit hash makes rare, by plan order). */
  *samples(): Generator<Sample> {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    for (const row of this.db.prepare<[], { sample: string }>('SELECT sample FROM samples ORDER BY grp, h, ord').iterate()) {
      yield JSON.parse(row.sample) as Sample;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The shard group of a sample: its split, or `all`. */
export const shardGroup = (sample: Sample) => sample.frame.split ?? ALL;

/** The members of one WebDataset sample, as [path in the sink, bytes]: the .json and, with classes, the .cls (the image goes first, by the caller). */
export function sampleMembers(sample: Sample, classes: string[]): Array<[string, Buffer]> {
  const index = sample.frame.label === null ? null : classes.indexOf(sample.frame.label);
  const members: Array<[string, Buffer]> = [[`${shardGroup(sample)}/${sample.key}.json`, sampleJson(sample, index)]];
  if (index !== null) members.push([`${shardGroup(sample)}/${sample.key}.cls`, Buffer.from(String(index))]);
  return members;
}

/** manifest.csv of a WebDataset export, in shard order: `file` is `<shard>/<member>`. */
export function* shardManifestRows(samples: Iterable<Sample>, sink: WebDatasetSink, withCrops: boolean): Generator<ManifestRow> {
  let i = 0;
  for (const sample of samples) {
    const shard = sink.shards[sink.sampleShards[i++]];
    yield manifestRow(sample, `${shard?.name ?? shardName(shardGroup(sample), 0)}/${sample.key}.${sample.extension}`, withCrops);
  }
}

/** manifest.json's `formats`: what was written besides the images, and what was counted on the way. */
export function formatsSummary(formats: FormatOptions, counts: SampleCounts, classes: string[], sink: WebDatasetSink | null, textFiles: string[]): Record<string, unknown> {
  return {
    classes,
    files: textFiles,
    boxes: { written: counts.boxes, dropped: counts.boxesDropped },
    crops: formats.crop && { crops: counts.samples, skippedSmall: counts.skippedSmall, framesWithoutFace: counts.framesWithoutFace },
    coco: formats.coco && { categories: cocoCategories(formats.coco.category, counts.emotions) },
    shards: sink && sink.shards,
  };
}
