/** Exports of frames as training sets: folder or zip, on one plan, for the CLI and the server. */
export { planExport, ALL, type ExportPlan, type Leakage, type PlanCounts, type PlannedFrame } from './plan';
export {
  parseExportRequest,
  parseResizeFlag,
  parseSplitFlag,
  EXPORT_REQUEST,
  FIT_MODES,
  SPLIT_NAMES,
  type ExportOptions,
  type ExportRequest,
  type ExportRequestInput,
  type Layout,
} from './options';
export { runExport, ExportCancelled, ExportError, type ExportDestination, type ExportProgress, type ExportResult, type ExportSources } from './run';
export { resolveCliFolder, resolveExportFolder } from './folder-sink';
export { recordExportJob, runRecordedExport } from './jobs';
export { recoverExportJobs } from './recovery';
export { checkZipFile } from './zip-sink';
export { MANIFEST_CSV, MANIFEST_JSON, CSV_HEADER } from './manifest';
export { dryRunExport, classWarnings, type ClassWarning, type DryRun } from './dry-run';
export { CROP_MODES, COCO_CATEGORIES, type CropOptions, type FormatOptions } from './formats';
export { SHARD_BYTES } from './webdataset';
