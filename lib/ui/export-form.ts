/**
 * The export dialog's form as data: its fields, the POST /api/exports body
 * they make (docs/curation-export.md, "Export options"), which control a
 * refused field belongs to, and how progress is worded. The API checks every
 * value and names the field it refuses; the dialog shows that message beside
 * the control, so nothing here second-guesses the server's rules.
 */

export type ExportScope = 'selection' | 'selection-filtered' | 'results';
export type ExportLayout = 'flat' | 'positive-negative' | 'by';
export const FIT_CHOICES = ['cover', 'contain', 'fill', 'inside', 'outside'] as const;

export interface ExportForm {
  scope: ExportScope;
  layout: ExportLayout;
  byColumn: string;
  /** positive-negative: where the negatives come from; the query as typed, the selection's id as a string. */
  negative: 'same-films' | 'query' | 'selection';
  negativeQuery: string;
  negativeSelection: string;
  /** Blank frames (black or white) may be negatives. */
  blankNegatives: boolean;
  split: boolean;
  train: string;
  validation: string;
  test: string;
  splitBy: 'shot' | 'shot_cluster' | 'film' | 'frame';
  seed: string;
  dedupe: boolean;
  /** Bits, for dedupe. */
  dupeDistance: string;
  perShot: boolean;
  perShotCount: string;
  dropMajority: boolean;
  dropShare: string;
  resize: boolean;
  width: string;
  height: string;
  fit: (typeof FIT_CHOICES)[number];
  grayscale: boolean;
  format: 'keep' | 'jpeg' | 'png';
  /** COCO annotations.json per split, and what names its categories. */
  coco: boolean;
  cocoCategory: 'face' | 'p_emotion';
  /** Face crops: none, the primary face, or every face; margin and smallest face as typed. */
  crop: 'none' | 'primary' | 'faces';
  margin: string;
  minFace: string;
  target: 'zip' | 'folder' | 'webdataset';
  /** WebDataset: samples per shard as typed; empty for shards of about 256 MB. */
  shardSize: string;
  name: string;
}

export const DEFAULT_EXPORT_FORM: ExportForm = {
  scope: 'selection',
  layout: 'positive-negative',
  byColumn: 'p_emotion',
  negative: 'same-films',
  negativeQuery: '',
  negativeSelection: '',
  blankNegatives: true,
  split: false,
  train: '0.8',
  validation: '0.1',
  test: '0.1',
  splitBy: 'shot',
  seed: '0',
  dedupe: false,
  dupeDistance: '8',
  perShot: false,
  perShotCount: '3',
  dropMajority: false,
  dropShare: '0.4',
  resize: false,
  width: '192',
  height: '80',
  fit: 'cover',
  grayscale: false,
  format: 'keep',
  coco: false,
  cocoCategory: 'face',
  crop: 'none',
  margin: '0.25',
  minFace: '',
  target: 'zip',
  shardSize: '',
  name: '',
};

/** What is being exported: the current selection (if any) and the current results' filters. */
export interface ExportSource {
  selection: number | null;
  /** The results' filters (no sort, no marks). */
  query: string;
}

/** A number field as typed; an empty or malformed field is sent as typed so the API names it. */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** The body of POST /api/exports for this form. */
export function exportBody(form: ExportForm, source: ExportSource): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const useSelection = source.selection !== null && form.scope !== 'results';
  if (useSelection) body.selection = source.selection;
  if (!useSelection || form.scope === 'selection-filtered') body.query = source.query;
  body.layout = form.layout === 'by' ? `by:${form.byColumn}` : form.layout;
  if (form.layout === 'positive-negative') {
    if (form.negative === 'query') {
      body.negative = 'query';
      body.negativeQuery = form.negativeQuery.trim();
    } else if (form.negative === 'selection') {
      body.negative = 'selection';
      body.negativeSelection = form.negativeSelection === '' ? null : numberOf(form.negativeSelection);
    }
    if (!form.blankNegatives) body.blankNegatives = false;
  }
  if (form.split) {
    const split: Record<string, unknown> = { train: numberOf(form.train) };
    // An empty validation or test field leaves that split out.
    if (form.validation.trim() !== '') split.validation = numberOf(form.validation);
    if (form.test.trim() !== '') split.test = numberOf(form.test);
    body.split = split;
    body.splitBy = form.splitBy;
  }
  if (form.dedupe) body.dedupe = numberOf(form.dupeDistance);
  if (form.perShot) body.perShot = numberOf(form.perShotCount);
  if (form.split || form.dropMajority || form.dedupe) body.seed = numberOf(form.seed);
  if (form.dropMajority) body.dropMajority = numberOf(form.dropShare);
  if (form.resize) body.resize = { width: numberOf(form.width), height: numberOf(form.height), fit: form.fit };
  if (form.grayscale) body.grayscale = true;
  if (form.format !== 'keep') body.format = form.format;
  if (form.coco) {
    body.coco = true;
    if (form.cocoCategory !== 'face') body.cocoCategory = form.cocoCategory;
  }
  if (form.crop !== 'none') {
    body.crop = form.crop;
    body.margin = numberOf(form.margin);
    if (form.minFace.trim() !== '') body.minFace = numberOf(form.minFace);
  }
  body.target = form.target;
  if (form.target === 'webdataset' && form.shardSize.trim() !== '') body.shardSize = numberOf(form.shardSize);
  if (form.name.trim() !== '') body.name = form.name.trim();
  return body;
}

/** The form control a refused API field belongs to (`split.train` -> `split`, `resize.width` -> `resize`). */
export function controlOfParam(param: string | null): keyof ExportForm | null {
  if (param === null) return null;
  const head = param.split('.')[0];
  const map: Record<string, keyof ExportForm> = {
    query: 'scope',
    selection: 'scope',
    layout: 'layout',
    negative: 'negative',
    negativeQuery: 'negative',
    negativeSelection: 'negative',
    blankNegatives: 'negative',
    split: 'split',
    splitBy: 'splitBy',
    seed: 'seed',
    dropMajority: 'dropMajority',
    dedupe: 'dedupe',
    perShot: 'perShot',
    resize: 'resize',
    grayscale: 'grayscale',
    format: 'format',
    target: 'target',
    name: 'name',
    coco: 'coco',
    cocoCategory: 'coco',
    crop: 'crop',
    margin: 'crop',
    minFace: 'crop',
    shardSize: 'shardSize',
  };
  return map[head] ?? null;
}

/** Splitting by frame puts neighbouring frames of one shot in train and in test: the dialog says so. */
export const FRAME_SPLIT_WARNING =
  'Splitting by frame leaks near-duplicates between splits: frames a second apart in one shot land in train and in test, and test accuracy is inflated.';

export interface PreviewLike {
  files: number;
  droppedBy: { perShot: number; dedupe: number; dropMajority: number; blankNegatives: number };
  withoutImage: number;
  inBothSets: number;
  missingFiles: number | null;
  bytes: { images: number; exact: boolean; transformed: boolean };
  leakage: { groupsInTwoSplits: number; shotsInTwoSplits: number; nearDuplicatePairsAcrossSplits: number; dupeDistance: number };
}

const LEFT_OUT = { perShot: 'by the per-shot cap', dedupe: 'by dedupe', dropMajority: 'by the majority drop', blankNegatives: 'blank, kept out of the negatives' } as const;

/** "640 files · 14.2 MB of JPEGs · 0 groups and 0 shots in two splits · …": the plan in one line. */
export function previewText(p: PreviewLike, split: boolean): string {
  const bytes = `${p.bytes.exact ? '' : 'about '}${formatBytes(p.bytes.images)} of JPEGs${p.bytes.transformed ? ' to read' : ''}`;
  const parts = [`${p.files.toLocaleString('en')} files`, bytes];
  if (split) {
    const { groupsInTwoSplits: groups, shotsInTwoSplits: shots, nearDuplicatePairsAcrossSplits: pairs, dupeDistance } = p.leakage;
    parts.push(`${groups} groups and ${shots.toLocaleString('en')} shots in two splits`);
    parts.push(`${pairs.toLocaleString('en')} near-duplicate pairs across splits (within ${dupeDistance} bits)`);
  }
  return parts.join(' · ');
}

/** What the plan leaves out, one phrase each: "12 left out by dedupe", "3 without a JPEG". */
export function leftOutText(p: PreviewLike): string[] {
  const parts: string[] = [];
  for (const [option, n] of Object.entries(p.droppedBy)) if (n > 0) parts.push(`${n.toLocaleString('en')} left out ${LEFT_OUT[option as keyof typeof LEFT_OUT]}`);
  const withoutJpeg = p.withoutImage + (p.missingFiles ?? 0);
  if (withoutJpeg > 0) parts.push(`${withoutJpeg.toLocaleString('en')} without a JPEG`);
  if (p.inBothSets > 0) parts.push(`${p.inBothSets.toLocaleString('en')} in both sets, exported as positive`);
  return parts;
}

/** Where the dialog remembers the options last used for a selection (or for the results, without one). */
export function rememberedFormKey(selection: number | null): string {
  return `stillroom.export-options.${selection === null ? 'results' : `selection-${selection}`}`;
}

/** Where the dialog remembers the export it started last for a selection, to show it again while it runs. */
export function rememberedJobKey(selection: number | null): string {
  return `stillroom.export-job.${selection === null ? 'results' : `selection-${selection}`}`;
}

/** A remembered form read back: every known field of the right type, the defaults for the rest (a newer or older version may have stored it). */
export function restoreForm(stored: string | null, fallback: ExportForm): ExportForm {
  if (stored === null) return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return fallback;
  }
  if (typeof parsed !== 'object' || parsed === null) return fallback;
  const form = { ...fallback };
  for (const key of Object.keys(fallback) as Array<keyof ExportForm>) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === typeof fallback[key]) (form as Record<string, unknown>)[key] = value;
  }
  return form;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export interface ProgressLike {
  state: 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  etaSeconds: number | null;
}

/** "412 of 800 files · 7.2 MB of 14.0 MB · about 2 s left", as the progress bar's text. */
export function progressText(p: ProgressLike): string {
  const files = `${p.filesDone.toLocaleString('en')} of ${p.filesTotal.toLocaleString('en')} files`;
  const bytes = p.bytesTotal > 0 ? `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : formatBytes(p.bytesDone);
  const parts = [files, bytes];
  if (p.state === 'running') parts.push(p.etaSeconds === null ? 'estimating time left' : `about ${formatDuration(p.etaSeconds)} left`);
  return parts.join(' · ');
}

/** The bar's value from 0 to 1: bytes when they are known (files vary in size), else files. */
export function progressShare(p: ProgressLike): number {
  if (p.state === 'done') return 1;
  if (p.bytesTotal > 0) return Math.min(1, p.bytesDone / p.bytesTotal);
  return p.filesTotal > 0 ? Math.min(1, p.filesDone / p.filesTotal) : 0;
}
