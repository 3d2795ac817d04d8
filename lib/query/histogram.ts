/**
 * `_histogram=col&_bins=N`: how the filtered frames spread over a numeric
 * column, for the range filters' histograms. Equal-width bins between the
 * selection's min and max; integer columns get whole-number bins, so
 * faces_found 0-4 is five bars, not 24 slivers.
 */
import type { DB } from '@/lib/db/connection';
import { parseValueCounts } from '@/lib/db/value-counts';
import { columnType, frameColumn, quoted, type FrameColumn } from '@/lib/db/columns';
import { QueryError } from '@/lib/errors';
import type { WhereClause } from './condition';
import { whereSql } from './page';
import { cachedStatement } from './statements';

export const DEFAULT_BINS = 24;
const MAX_BINS = 100;

export interface HistogramBin {
  /** Bins are [from, to), except the last, which includes `to` (the maximum). */
  from: number;
  to: number;
  count: number;
}

export interface Histogram {
  min: number | null;
  max: number | null;
  /** Filtered frames without a value in the column. */
  nulls: number;
  bins: HistogramBin[];
}

export interface HistogramRequest {
  columns: FrameColumn[];
  bins: number;
}

export function parseHistogramRequest(params: URLSearchParams): HistogramRequest {
  const columns = [...new Set(params.getAll('_histogram'))].map((raw) => {
    const column = frameColumn(raw);
    if (!column) throw new QueryError('_histogram', `unknown column ${JSON.stringify(raw)}`);
    if (columnType(column) === 'text') throw new QueryError('_histogram', `${column} is a text column; histograms need a numeric one`);
    return column;
  });
  const raws = params.getAll('_bins');
  if (raws.length > 1) throw new QueryError('_bins', 'given more than once');
  if (raws.length === 1 && columns.length === 0) throw new QueryError('_bins', 'needs _histogram: the column to count');
  const bins = raws.length === 0 ? DEFAULT_BINS : /^\d{1,3}$/.test(raws[0]) ? Number(raws[0]) : NaN;
  if (!(bins >= 1 && bins <= MAX_BINS)) throw new QueryError('_bins', `must be an integer from 1 to ${MAX_BINS}, got ${JSON.stringify(raws[0])}`);
  return { columns, bins };
}

export function layout(column: FrameColumn, min: number, max: number, wanted: number): { width: number; count: number } {
  if (columnType(column) === 'integer') {
    const width = Math.max(1, Math.ceil((max - min + 1) / wanted));
    return { width, count: Math.ceil((max - min + 1) / width) };
  }
  if (max === min) return { width: 1, count: 1 };
  return { width: (max - min) / wanted, count: wanted };
}

/** Two scans of the filtered frames: one for the range, one for the counts per bin. */
export function histogram(db: DB, where: WhereClause, column: FrameColumn, wanted: number): Histogram {
  const c = quoted(column);
  const stats = cachedStatement(db, `SELECT min(${c}) AS min, max(${c}) AS max, count(*) - count(${c}) AS nulls FROM frames${whereSql(where)}`).get(
    ...where.params,
  ) as { min: number | null; max: number | null; nulls: number };
  if (stats.min === null || stats.max === null) return { ...stats, bins: [] };
  const { width, count } = layout(column, stats.min, stats.max, wanted);
  // value_counts, not GROUP BY bin: no sort of every value (see lib/db/value-counts.ts).
  const counts = cachedStatement(
    db,
    `SELECT value_counts(min(CAST((${c} - ?) / ? AS INTEGER), ?)) FROM frames${whereSql(where, `${c} IS NOT NULL`)}`,
  )
    .pluck()
    .get(stats.min, width, count - 1, ...where.params) as string | null;
  const bins = emptyBins(column, stats.min, stats.max, width, count);
  for (const [bin, n] of parseValueCounts(counts)) bins[bin as number].count = n;
  return { ...stats, bins };
}

/** The bins of a layout, counts 0: real columns' last bin ends exactly at the maximum. */
export function emptyBins(column: FrameColumn, min: number, max: number, width: number, count: number): HistogramBin[] {
  const bins = Array.from({ length: count }, (_, i) => ({ from: min + i * width, to: min + (i + 1) * width, count: 0 }));
  if (columnType(column) !== 'integer') bins[count - 1].to = max;
  return bins;
}
