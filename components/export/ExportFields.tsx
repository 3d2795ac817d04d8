'use client';

import type { ReactNode } from 'react';
import { METADATA_COLUMN_NAMES } from '@/lib/db/columns';
import { FIT_CHOICES, FRAME_SPLIT_WARNING, type ExportForm } from '@/lib/ui/export-form';

interface Props {
  form: ExportForm;
  set: (patch: Partial<ExportForm>) => void;
  /** The current selection's name, when there is one. */
  selectionName: string | null;
  /** Every saved selection, for negatives taken from one. */
  selections: ReadonlyArray<{ id: number; name: string }>;
  /** The server's export root, absolute, once the plan has said it. */
  exportRoot: string | null;
  /** The current results, in words ("where faces_found = 2"). */
  where: string;
  /** The API's complaint about one control, shown under it. */
  errorFor: (control: keyof ExportForm) => ReactNode;
}

/** The export options of docs/curation-export.md as form controls, grouped as the API groups them. */
export function ExportFields({ form, set, selectionName, selections, exportRoot, where, errorFor }: Props) {
  const num = (control: 'train' | 'validation' | 'test' | 'seed' | 'dropShare' | 'width' | 'height' | 'dupeDistance' | 'perShotCount' | 'margin' | 'minFace' | 'shardSize', label: string, step: string, min = '0') => (
    <label className="field">
      <span>{label}</span>
      <input type="number" inputMode="decimal" step={step} min={min} value={form[control]} onChange={(e) => set({ [control]: e.currentTarget.value })} />
    </label>
  );
  const radio = <K extends 'scope' | 'layout' | 'splitBy' | 'target' | 'negative'>(control: K, value: ExportForm[K], label: ReactNode) => (
    <label className="radio">
      <input type="radio" name={`export-${control}`} value={String(value)} checked={form[control] === value} onChange={() => set({ [control]: value } as Partial<ExportForm>)} />
      <span>{label}</span>
    </label>
  );
  const check = (control: 'split' | 'dropMajority' | 'resize' | 'grayscale' | 'dedupe' | 'perShot' | 'coco', label: string) => (
    <label className="check">
      <input type="checkbox" checked={form[control]} onChange={(e) => set({ [control]: e.currentTarget.checked })} />
      {label}
    </label>
  );
  const results = where ? `the current results (${where.replace(/^where /, '')})` : 'every frame of the library';

  return (
    <div className="export-fields">
      <fieldset className="wide">
        <legend>Frames</legend>
        {selectionName !== null ? (
          <>
            {radio('scope', 'selection', <>the members of “{selectionName}”</>)}
            {radio('scope', 'selection-filtered', <>the members of “{selectionName}” among {results}</>)}
            {radio('scope', 'results', results)}
          </>
        ) : (
          <p className="muted">{results[0].toUpperCase() + results.slice(1)}. Choose a selection first to export its members.</p>
        )}
        {errorFor('scope')}
      </fieldset>

      <fieldset>
        <legend>Layout</legend>
        {radio('layout', 'flat', <>flat: every frame in one folder</>)}
        {radio('layout', 'positive-negative', <><code>positive/</code> these frames, <code>negative/</code> the frames chosen below</>)}
        {form.layout === 'positive-negative' && (
          <div className="negatives" role="group" aria-label="Negatives">
            {radio('negative', 'same-films', 'negatives: every other frame of the same films')}
            <div className="inline-fields">
              {radio('negative', 'query', 'negatives: the frames matching')}
              <label className="field inline">
                <span className="sr-only">Negative filters</span>
                <input
                  type="text"
                  value={form.negativeQuery}
                  placeholder="prim_char_flag=1&p_emotion__not=happy"
                  aria-label="Negative filters"
                  onChange={(e) => set({ negativeQuery: e.currentTarget.value, negative: 'query' })}
                />
              </label>
            </div>
            <div className="inline-fields">
              {radio('negative', 'selection', 'negatives: the members of')}
              <label className="field inline">
                <span className="sr-only">Negative selection</span>
                <select
                  value={form.negativeSelection}
                  aria-label="Negative selection"
                  onChange={(e) => set({ negativeSelection: e.currentTarget.value, negative: 'selection' })}
                >
                  <option value="">choose a selection</option>
                  {selections.map((s) => (
                    <option key={s.id} value={String(s.id)}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <label className="check">
              <input type="checkbox" checked={!form.blankNegatives} onChange={(e) => set({ blankNegatives: !e.currentTarget.checked })} />
              Leave blank (black or white) frames out of the negatives
            </label>
            <p className="muted">A frame in both sets is positive.</p>
            {errorFor('negative')}
          </div>
        )}
        <div className="inline-fields">
          {radio('layout', 'by', 'one folder per value of')}
          <label className="field inline">
            <span className="sr-only">Column</span>
            <select value={form.byColumn} onChange={(e) => set({ byColumn: e.currentTarget.value, layout: 'by' })} aria-label="Folder per value of column">
              {METADATA_COLUMN_NAMES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        </div>
        {errorFor('layout')}
      </fieldset>

      <fieldset>
        <legend>Splits</legend>
        {check('split', 'Split into train / validation / test')}
        {form.split && (
          <>
            <div className="inline-fields">
              {num('train', 'Train', '0.05')}
              {num('validation', 'Validation', '0.05')}
              {num('test', 'Test', '0.05')}
            </div>
            <div className="inline-fields" role="radiogroup" aria-label="Split by">
              {radio('splitBy', 'shot', 'by shot (each camera shot whole)')}
              {radio('splitBy', 'shot_cluster', 'by shot cluster (each recurring set-up whole)')}
              {radio('splitBy', 'film', 'by whole film (unseen films)')}
              {radio('splitBy', 'frame', 'by frame (mixed)')}
            </div>
            {form.splitBy === 'frame' && (
              <p className="field-warning" role="note">
                {FRAME_SPLIT_WARNING}
              </p>
            )}
            {errorFor('split')}
            {errorFor('splitBy')}
          </>
        )}
        {check('dropMajority', 'Drop part of the majority class')}
        {form.dropMajority && num('dropShare', 'Share of the majority to drop (0–1)', '0.05')}
        {errorFor('dropMajority')}
        {(form.split || form.dropMajority || form.dedupe) && num('seed', 'Seed', '1')}
        {errorFor('seed')}
      </fieldset>

      <fieldset>
        <legend>Near-duplicates</legend>
        {check('dedupe', 'Keep one frame per near-duplicate group')}
        {form.dedupe && num('dupeDistance', 'Within (bits of 64)', '1')}
        {errorFor('dedupe')}
        {check('perShot', 'At most a few frames per shot, evenly spaced')}
        {form.perShot && num('perShotCount', 'Frames per shot', '1', '1')}
        {errorFor('perShot')}
      </fieldset>

      <fieldset>
        <legend>Images</legend>
        {check('resize', 'Resize')}
        {form.resize && (
          <div className="inline-fields">
            {num('width', 'Width (px)', '1', '1')}
            {num('height', 'Height (px)', '1', '1')}
            <label className="field">
              <span>Fit</span>
              <select value={form.fit} onChange={(e) => set({ fit: e.currentTarget.value as ExportForm['fit'] })}>
                {FIT_CHOICES.map((fit) => (
                  <option key={fit} value={fit}>
                    {fit}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        {errorFor('resize')}
        {check('grayscale', 'Greyscale (one channel)')}
        <label className="field inline">
          <span>Format</span>
          <select value={form.format} onChange={(e) => set({ format: e.currentTarget.value as ExportForm['format'] })}>
            <option value="keep">keep (original JPEG bytes when not resized)</option>
            <option value="jpeg">JPEG</option>
            <option value="png">PNG</option>
          </select>
        </label>
        {errorFor('format')}
      </fieldset>

      <fieldset>
        <legend>Faces</legend>
        <label className="field inline">
          <span>Crop</span>
          <select value={form.crop} onChange={(e) => set({ crop: e.currentTarget.value as ExportForm['crop'] })} aria-label="Face crops">
            <option value="none">whole frames</option>
            <option value="primary">the primary face of each frame</option>
            <option value="faces">every face</option>
          </select>
        </label>
        {form.crop !== 'none' && (
          <div className="inline-fields">
            {num('margin', 'Margin (share of the box on every side)', '0.05')}
            {num('minFace', 'Smallest face (px, optional)', '1')}
          </div>
        )}
        {errorFor('crop')}
        {check('coco', 'COCO boxes (annotations.json per split)')}
        {form.coco && (
          <label className="field inline">
            <span>Categories</span>
            <select value={form.cocoCategory} onChange={(e) => set({ cocoCategory: e.currentTarget.value as ExportForm['cocoCategory'] })}>
              <option value="face">face</option>
              <option value="p_emotion">the primary face&rsquo;s emotion</option>
            </select>
          </label>
        )}
        {errorFor('coco')}
      </fieldset>

      <fieldset>
        <legend>Where</legend>
        {radio('target', 'zip', 'a zip, downloaded by this browser')}
        {radio('target', 'folder', 'a new folder under the export root, on the server')}
        {exportRoot && form.target !== 'zip' && (
          <p className="muted" data-testid="export-root">
            The export root is <code>{exportRoot}</code>
          </p>
        )}
        {radio('target', 'webdataset', 'WebDataset tar shards in a new folder under the export root')}
        {form.target === 'webdataset' && num('shardSize', 'Samples per shard (empty: about 256 MB a shard)', '1', '1')}
        {errorFor('shardSize')}
        <label className="field">
          <span>{form.target === 'zip' ? 'File name (optional)' : 'Folder name (optional)'}</span>
          <input type="text" value={form.name} placeholder="export-<time>" onChange={(e) => set({ name: e.currentTarget.value })} />
        </label>
        {errorFor('name')}
        {errorFor('target')}
      </fieldset>
    </div>
  );
}
