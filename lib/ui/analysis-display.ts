/**
 * The background analysis in words, for the progress line and for the
 * searches that depend on it (palette and near-duplicate searches see only
 * the frames analysed so far).
 */
import type { AnalysisStatus, Coverage } from '@/lib/analysis/progress';
import { formatDuration } from './export-form';

export function progressLine(status: AnalysisStatus): string {
  const parts = [`Analysing palettes and thumbnails: ${status.done.toLocaleString('en')} of ${status.total.toLocaleString('en')} frames`];
  if (status.framesPerSecond !== null) parts.push(`${status.framesPerSecond < 10 ? status.framesPerSecond.toFixed(1) : Math.round(status.framesPerSecond)} frames/s`);
  parts.push(status.etaSeconds === null ? 'estimating time left' : `about ${formatDuration(status.etaSeconds)} left`);
  return parts.join(' · ');
}

/** "analysis in progress: results cover 412 of 800 frames", or null once every frame is covered (or nothing runs). */
export function coverageNote(status: AnalysisStatus | null, coverage: 'palettes' | 'hashes'): string | null {
  const covered: Coverage | null = status ? status[coverage] : null;
  if (!status || !covered || status.state !== 'running' || covered.done >= covered.total) return null;
  return `analysis in progress: results cover ${covered.done.toLocaleString('en')} of ${covered.total.toLocaleString('en')} frames`;
}

/** Which analysis-dependent searches a query holds. */
export function analysisSearches(api: URLSearchParams): Array<{ label: string; coverage: 'palettes' | 'hashes' }> {
  const out: Array<{ label: string; coverage: 'palettes' | 'hashes' }> = [];
  if (api.has('_palette') || api.has('_palette_like')) out.push({ label: 'Palette search', coverage: 'palettes' });
  if (api.has('_dupes_of') || api.get('_collapse') === 'dupes') out.push({ label: 'Near-duplicates', coverage: 'hashes' });
  return out;
}
