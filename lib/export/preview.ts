/**
 * What an export would write, before anything is written: the dialog asks
 * for it as the options change, so the leakage between splits and what each
 * option drops are seen before the export starts (POST /api/exports/preview).
 */
import type { DB } from '@/lib/db/connection';
import { parseExportRequest } from './options';
import { planExport, type Leakage, type PlanCounts } from './plan';

export interface ExportPreview {
  counts: PlanCounts;
  leakage: Leakage;
  drop: { label: string; count: number } | null;
  where: string;
}

/** Checks the body as POST /api/exports does (QueryError naming the field) and plans it. */
export function previewExport(db: DB, body: unknown): ExportPreview {
  const plan = planExport(db, parseExportRequest(body).options);
  return { counts: plan.counts, leakage: plan.leakage, drop: plan.drop, where: plan.description };
}
