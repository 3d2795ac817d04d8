/**
 * npm run export -- [LIBRARY] [--db FILE] --query '<filters>' [--selection NAME]
 *   --layout flat|positive-negative|by:<column>
 *   [--negative same-films|query|selection --negative-query '<filters>' --negative-selection NAME --no-blank-negatives]
 *   [--split train=0.8,validation=0.1,test=0.1 --split-by frame|film --seed N --drop-majority 0.4]
 *   [--resize WxH --fit cover|contain|fill|inside|outside --grayscale --format jpeg|png]
 *   [--coco [--coco-category face|p_emotion]] [--crop primary|faces [--margin 0.25] [--min-face PX]]
 *   (--out DIR | --zip FILE | --webdataset DIR [--shard-size N] | --dry-run)
 *
 * Exports frames as a training set, on the same module as the app's export
 * (lib/export). Exit codes: 0 done, 1 failed, 2 bad usage, 130 interrupted.
 */
import { existsSync } from 'node:fs';
import { Progress } from '@/lib/cli/progress';
import { runCli, usageError as bad, type CliContext } from '@/lib/cli/run';
import { readCliConfig } from '@/lib/config';
import { openDatabase } from '@/lib/db/connection';
import {
  checkZipFile,
  dryRunExport,
  ExportCancelled,
  parseExportRequest,
  parseResizeFlag,
  parseSplitFlag,
  planExport,
  recordExportJob,
  recoverExportJobs,
  resolveCliFolder,
  runRecordedExport,
  type ExportDestination,
  type ExportProgress,
} from '@/lib/export';
import { QueryError } from '@/lib/errors';
import { selectionIdByName } from '@/lib/selections';

const USAGE = `usage: npm run export -- [LIBRARY] [--db FILE] --query '<filters>' [--selection NAME]
         --layout flat|positive-negative|by:<column>
         [--negative same-films|query|selection] [--negative-query '<filters>'] [--negative-selection NAME] [--no-blank-negatives]
         [--split train=0.8,validation=0.1,test=0.1] [--split-by shot|shot_cluster|film|frame] [--seed N] [--drop-majority 0.4]
         [--dedupe [BITS]] [--per-shot K]
         [--resize WxH] [--fit cover|contain|fill|inside|outside] [--grayscale] [--format jpeg|png]
         [--coco] [--coco-category face|p_emotion] [--crop primary|faces] [--margin 0.25] [--min-face PX]
         (--out DIR | --zip FILE | --webdataset DIR [--shard-size N] | --dry-run)
  LIBRARY and --db as for npm run ingest (or STILLROOM_LIBRARY / STILLROOM_DB; neither: the demo library and data/demo.db).
  --out DIR and --webdataset DIR: a new (or empty) folder, absolute or relative to the export root
  (STILLROOM_EXPORT_ROOT, default ./exports), never inside the library; --zip FILE: any new file.
  --dry-run prints the plan as JSON (files per split and class, what is left out, bytes) and writes nothing.`;

/** The API field each flag fills, for errors raised on the field. */
const FLAG_OF: Record<string, string> = {
  query: '--query',
  selection: '--selection',
  layout: '--layout',
  split: '--split',
  splitBy: '--split-by',
  seed: '--seed',
  dropMajority: '--drop-majority',
  dedupe: '--dedupe',
  perShot: '--per-shot',
  resize: '--resize',
  'resize.fit': '--fit',
  grayscale: '--grayscale',
  format: '--format',
  name: '--out',
  negative: '--negative',
  negativeQuery: '--negative-query',
  negativeSelection: '--negative-selection',
  blankNegatives: '--no-blank-negatives',
  coco: '--coco',
  cocoCategory: '--coco-category',
  crop: '--crop',
  margin: '--margin',
  minFace: '--min-face',
  shardSize: '--shard-size',
};

function flagFor(param: string): string {
  return FLAG_OF[param] ?? FLAG_OF[param.split('.')[0]] ?? param;
}

function integer(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[0-9]{1,10}$/.test(raw)) bad(flag, `must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function decimal(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[0-9]*\.?[0-9]+$/.test(raw)) bad(flag, `must be a number such as 0.4, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** What the split could leak, and what the options dropped, before anything is written. */
function leakageLine({ options, counts, leakage }: ReturnType<typeof planExport>): string {
  const dropped = Object.entries(counts.droppedBy)
    .filter(([, n]) => n > 0)
    .map(([option, n]) => `${n} dropped by ${option}`);
  const split = options.split
    ? `split by ${options.splitBy}: ${leakage.groupsInTwoSplits} groups and ${leakage.shotsInTwoSplits} shots in two splits, ` +
      `${leakage.nearDuplicatePairsAcrossSplits} near-duplicate pairs across splits (within ${leakage.dupeDistance} bits)`
    : 'no split';
  return [split, ...dropped].join('; ');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function progressLabel(p: ExportProgress): string {
  const eta = p.etaSeconds === null ? '' : `  ${p.etaSeconds} s left`;
  return `files  ${megabytes(p.bytesDone)} / ${megabytes(p.bytesTotal)}${eta}`;
}

/** `--dedupe` takes an optional distance: alone (or before another flag) it means the default one. */
function withDedupeValue(args: string[]): string[] {
  return args.flatMap((arg, i) => (arg === '--dedupe' && (i + 1 === args.length || args[i + 1].startsWith('--')) ? ['--dedupe=default'] : [arg]));
}

const OPTIONS = {
  db: { type: 'string' },
  query: { type: 'string' },
  selection: { type: 'string' },
  layout: { type: 'string' },
  split: { type: 'string' },
  'split-by': { type: 'string' },
  seed: { type: 'string' },
  'drop-majority': { type: 'string' },
  dedupe: { type: 'string' },
  'per-shot': { type: 'string' },
  resize: { type: 'string' },
  fit: { type: 'string' },
  grayscale: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  zip: { type: 'string' },
  webdataset: { type: 'string' },
  'shard-size': { type: 'string' },
  coco: { type: 'boolean' },
  'coco-category': { type: 'string' },
  crop: { type: 'string' },
  margin: { type: 'string' },
  'min-face': { type: 'string' },
  negative: { type: 'string' },
  'negative-query': { type: 'string' },
  'negative-selection': { type: 'string' },
  'no-blank-negatives': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
} as const;

runCli({
  usage: USAGE,
  args: withDedupeValue,
  options: OPTIONS,
  interruptible: true,
  // The API's errors name its fields; on the command line they name the flag.
  explain: (error) => {
    if (!(error instanceof QueryError)) return null;
    const detail = error.message.startsWith(`${error.param}: `) ? error.message.slice(error.param.length + 2) : error.message;
    return { message: `${flagFor(error.param)}: ${detail}`, code: 2 };
  },
  run: exportFrames,
});

async function exportFrames({ values: flags, positionals, signal, elapsed }: CliContext<typeof OPTIONS>): Promise<number> {
  if (positionals.length > 1) bad('LIBRARY', `one library only, got ${positionals.join(' ')}`);
  const targets = [flags.out, flags.zip, flags.webdataset].filter((flag) => flag !== undefined);
  if (targets.length > 1 || (targets.length === 0 && !flags['dry-run'])) bad('--out/--zip/--webdataset', 'give exactly one of --out DIR, --zip FILE or --webdataset DIR (or --dry-run)');
  if (flags.layout === undefined) bad('--layout', 'is required: flat, positive-negative or by:<column>');
  if (flags.fit !== undefined && flags.resize === undefined) bad('--fit', 'needs --resize');

  const config = readCliConfig(positionals[0], flags.db);
  if (!existsSync(config.dbFile)) {
    bad(
      '--db',
      config.demo
        ? `no database at ${config.dbFile}: the demo library's is made by npm start (run it once), or name your library: npm run export -- /path/to/LIBRARY ...`
        : `no database at ${config.dbFile}: run npm run ingest -- ${config.libraryRoot} first, or give the database with --db FILE`,
    );
  }
  const db = openDatabase(config.dbFile);
  try {
    const selectionNamed = (flag: string, name: string | undefined): number | null => {
      if (name === undefined) return null;
      return selectionIdByName(db, name) ?? bad(flag, `no selection is named ${JSON.stringify(name)}`);
    };
    const selection = selectionNamed('--selection', flags.selection);
    const body = {
      query: flags.query ?? '',
      selection,
      layout: flags.layout,
      negative: flags.negative,
      negativeQuery: flags['negative-query'] ?? null,
      negativeSelection: selectionNamed('--negative-selection', flags['negative-selection']),
      blankNegatives: !flags['no-blank-negatives'],
      split: flags.split === undefined ? null : parseSplitFlag(flags.split, '--split'),
      splitBy: flags['split-by'],
      seed: integer('--seed', flags.seed),
      dropMajority: decimal('--drop-majority', flags['drop-majority']) ?? null,
      dedupe: flags.dedupe === undefined ? null : flags.dedupe === 'default' ? true : integer('--dedupe', flags.dedupe),
      perShot: integer('--per-shot', flags['per-shot']) ?? null,
      resize: flags.resize === undefined ? null : { ...parseResizeFlag(flags.resize, '--resize'), fit: flags.fit },
      grayscale: flags.grayscale ?? false,
      format: flags.format ?? null,
      coco: flags.coco ?? false,
      cocoCategory: flags['coco-category'] ?? null,
      crop: flags.crop ?? null,
      margin: decimal('--margin', flags.margin) ?? null,
      minFace: integer('--min-face', flags['min-face']) ?? null,
      shardSize: integer('--shard-size', flags['shard-size']) ?? null,
      target: flags.out !== undefined ? 'folder' : flags.webdataset !== undefined ? 'webdataset' : 'zip',
    };
    const request = parseExportRequest(body);
    const { options } = request;
    if (flags['dry-run']) {
      console.log(JSON.stringify(await dryRunExport(db, config.libraryRoot, options), null, 2));
      return 0;
    }
    const plan = planExport(db, options);
    const destination: ExportDestination =
      flags.out !== undefined
        ? { kind: 'folder', folder: await resolveCliFolder(config.exportRoot, config.libraryRoot, flags.out, '--out') }
        : flags.webdataset !== undefined
          ? { kind: 'webdataset', folder: await resolveCliFolder(config.exportRoot, config.libraryRoot, flags.webdataset, '--webdataset') }
          : { kind: 'zip-file', file: await checkZipFile(flags.zip as string, '--zip', config.libraryRoot) };
    const target = destination.kind === 'folder' || destination.kind === 'webdataset' ? destination.folder : destination.kind === 'zip-file' ? destination.file : '';
    console.error(`${plan.counts.files} frames ${plan.description || '(every frame)'} -> ${target}`);
    console.error(leakageLine(plan));

    const progress = new Progress();
    // Kept in the app's list of exports; what an earlier killed export left in the export root is removed first.
    await recoverExportJobs(db, config.exportRoot);
    const job = recordExportJob(db, { origin: 'cli', request, body: { ...body, name: target }, path: target, filesTotal: plan.counts.files, state: 'running' });
    try {
      const result = await runRecordedExport(db, job, { dbFile: config.dbFile, libraryRoot: config.libraryRoot }, options, destination, {
        signal,
        onProgress: (p) => progress.update({ done: p.filesDone, total: p.filesTotal, label: progressLabel(p) }),
      });
      progress.done();
      for (const missing of result.missingFiles) console.error(`MISSING ${missing.film} frame ${missing.frame}: no JPEG in the library; left out`);
      console.log(`${result.files} files (${megabytes(result.bytes)}) in ${elapsed()} -> ${target}`);
      return result.counts.missingFiles > 0 ? 1 : 0;
    } catch (error) {
      progress.done();
      if (error instanceof ExportCancelled) {
        console.error('interrupted; nothing was left behind');
        return 130;
      }
      throw error;
    }
  } finally {
    db.close();
  }
}
