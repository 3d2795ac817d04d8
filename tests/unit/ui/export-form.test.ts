import { describe, expect, it } from 'vitest';
import { parseExportRequest } from '@/lib/export/options';
import { controlOfParam, DEFAULT_EXPORT_FORM, exportBody, formatBytes, formatDuration, progressShare, progressText } from '@/lib/ui/export-form';

const source = { selection: 4, query: 'faces_found=2' };

describe('the export form', () => {
  it('makes a body the API accepts, with the selection, the layout and the target', () => {
    const body = exportBody(DEFAULT_EXPORT_FORM, source);
    expect(body).toEqual({ selection: 4, layout: 'positive-negative', target: 'zip' });
    expect(parseExportRequest(body).options).toMatchObject({ selection: 4, query: '', layout: { kind: 'positive-negative' } });
  });

  it('sends the current filters for members among the results, or for the results alone', () => {
    expect(exportBody({ ...DEFAULT_EXPORT_FORM, scope: 'selection-filtered' }, source)).toMatchObject({ selection: 4, query: 'faces_found=2' });
    const results = exportBody({ ...DEFAULT_EXPORT_FORM, scope: 'results' }, source);
    expect(results).toMatchObject({ query: 'faces_found=2' });
    expect(results).not.toHaveProperty('selection');
    expect(exportBody(DEFAULT_EXPORT_FORM, { selection: null, query: '' })).toMatchObject({ query: '' });
  });

  it('writes every option under the API’s own field names', () => {
    const body = exportBody(
      {
        ...DEFAULT_EXPORT_FORM,
        layout: 'by',
        byColumn: 'p_emotion',
        split: true,
        train: '0.7',
        validation: '',
        test: '0.3',
        splitBy: 'film',
        seed: '7',
        dropMajority: true,
        dropShare: '0.25',
        resize: true,
        width: '192',
        height: '80',
        fit: 'contain',
        grayscale: true,
        format: 'png',
        target: 'folder',
        name: ' emotions/v2 ',
      },
      source,
    );
    expect(body).toEqual({
      selection: 4,
      layout: 'by:p_emotion',
      split: { train: 0.7, test: 0.3 },
      splitBy: 'film',
      seed: 7,
      dropMajority: 0.25,
      resize: { width: 192, height: 80, fit: 'contain' },
      grayscale: true,
      format: 'png',
      target: 'folder',
      name: 'emotions/v2',
    });
    expect(parseExportRequest(body).options.split).toEqual([
      { name: 'train', fraction: 0.7 },
      { name: 'test', fraction: 0.3 },
    ]);
  });

  it('sends a malformed number as typed, so the API names the field, and maps that field to its control', () => {
    const body = exportBody({ ...DEFAULT_EXPORT_FORM, resize: true, width: 'wide' }, source);
    expect(body.resize).toMatchObject({ width: 'wide' });
    let param: string | null = null;
    try {
      parseExportRequest(body);
    } catch (error) {
      param = (error as { param: string }).param;
    }
    expect(param).toBe('resize.width');
    expect(controlOfParam(param)).toBe('resize');
    expect(controlOfParam('split')).toBe('split');
    expect(controlOfParam('selection')).toBe('scope');
    expect(controlOfParam('body')).toBeNull();
    expect(controlOfParam(null)).toBeNull();
  });

  it('words progress in files, bytes and time left', () => {
    const running = { state: 'running' as const, filesDone: 412, filesTotal: 800, bytesDone: 7_201_133, bytesTotal: 14_047_987, etaSeconds: 2 };
    expect(progressText(running)).toBe('412 of 800 files · 7.2 MB of 14.0 MB · about 2 s left');
    expect(progressText({ ...running, etaSeconds: null })).toContain('estimating time left');
    expect(progressText({ ...running, state: 'done', filesDone: 800, bytesDone: 14_047_987 })).toBe('800 of 800 files · 14.0 MB of 14.0 MB');
    expect(progressShare(running)).toBeCloseTo(7_201_133 / 14_047_987);
    expect(progressShare({ ...running, bytesTotal: 0 })).toBeCloseTo(412 / 800);
    expect(progressShare({ ...running, state: 'done' })).toBe(1);
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(2_500_000_000)).toBe('2.50 GB');
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(3_725)).toBe('1 h 2 min');
  });
});
