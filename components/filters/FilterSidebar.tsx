'use client';

import { memo, type ReactNode } from 'react';
import type { FilmSummary } from '@/lib/query/frames';
import { faceBucketCounts, faceBucketLabel, faceCountEntries, FACE_BUCKETS, selectedFaceBuckets } from '@/lib/ui/face-count';
import { choiceEntries, conditionsOn, entriesOf, impliedRange, paramKey, rangeEntries, replaceKeys, satisfies } from '@/lib/ui/filter-params';
import {
  CHARACTER_KEYS,
  characterEntries,
  DIALOGUE_KEYS,
  dialogueEntries,
  faceScope,
  faceSearchChange,
  FACE_KEYS,
  PALETTE_KEYS,
  paletteEntries,
  readDialogueSearch,
  readFaceSearch,
  readPaletteFilter,
} from '@/lib/ui/search-params';
import { activePreset, applyPreset, SHOT_PRESETS } from '@/lib/ui/shot-presets';
import { useSearchStats } from '../search/use-search-stats';
import { CharacterFilter } from './CharacterFilter';
import { ColourFilter } from './ColourFilter';
import { DialogueFilter } from './DialogueFilter';
import { FaceSearchFilter } from './FaceSearchFilter';
import { PaletteFilter } from './PaletteFilter';
import { ChoiceList, Section, Segmented, type Choice } from './controls';
import { COLOUR_KEYS, SHOT_KEYS, SIDEBAR_KEYS, SORT_KEYS } from './facet-specs';
import { NumberField, RangeFilter } from './RangeFilter';
import type { Facets } from './use-facets';

interface Props {
  api: URLSearchParams;
  films: FilmSummary[];
  facets: Facets;
  onChange: (api: URLSearchParams) => void;
  /** A group shown first: the current selection's filter. */
  before?: ReactNode;
}

type Value = string | number | null;

function countOf(facet: Facets['counts'][keyof Facets['counts']], value: Value): number | null {
  if (!facet) return null;
  return facet.find((f) => f.value === value)?.count ?? 0;
}

/** The values of a column the URL selects (as strings), or none when the column is not filtered. */
function selectedValues(api: URLSearchParams, column: string, values: readonly Value[]): string[] {
  const conditions = conditionsOn(api, column);
  if (conditions.length === 0) return [];
  return values.filter((v) => satisfies(column, conditions, v)).map(String);
}

/**
 * The faceted filters, Datasette style: every count is computed with all the other filters applied.
 * Memoized: the results arriving after a filter change leave the sidebar as it is.
 */
export const FilterSidebar = memo(function FilterSidebar({ api, films, facets, onChange, before }: Props) {
  const { counts, histograms, stale } = facets;
  const searchStats = useSearchStats(api);
  const faceSearch = readFaceSearch(api);
  const set = (keys: readonly string[], entries: ReadonlyArray<readonly [string, string]>) => onChange(replaceKeys(api, keys, entries));
  const has = (key: string) => entriesOf(api, [key]).length > 0;
  const hasFilters = [...api.keys()].some((name) => !SORT_KEYS.includes(name));

  const facetChoices = (id: keyof Facets['counts'], format: (v: string | number) => string = String): Choice[] =>
    (counts[id] ?? []).filter((f) => f.value !== null).map((f) => ({ value: String(f.value), label: format(f.value as string | number), count: f.count }));

  const choiceGroup = (id: keyof Facets['counts'], column: string, title: string, format?: (v: string | number) => string, numeric = false) => {
    const choices = facetChoices(id, format);
    // A value chosen in the URL stays listed (with 0) even when nothing else would show it.
    for (const [, raw] of entriesOf(api, [column])) {
      for (const v of raw.split(',')) if (!choices.some((c) => c.value === v)) choices.push({ value: v, label: format ? format(numeric ? Number(v) : v) : v, count: 0 });
    }
    const selected = selectedValues(api, column, choices.map((c) => (numeric ? Number(c.value) : c.value)));
    return (
      <Section title={title} active={has(column)} onClear={() => set([column], [])}>
        <ChoiceList
          name={title}
          choices={choices}
          selected={selected}
          stale={stale}
          onChange={(values) => set([column], choiceEntries(column, values))}
        />
      </Section>
    );
  };

  const flagGroup = (id: keyof Facets['counts'], column: string, title: string, yes: string, no: string) => {
    const value = api.get(column);
    const current = value === '1' || value === '0' ? value : '';
    const total = counts[id]?.reduce((sum, f) => sum + f.count, 0) ?? null;
    return (
      <Section title={title} active={has(column)} onClear={() => set([column], [])}>
        <Segmented
          name={column}
          legend={title}
          value={current}
          stale={stale}
          onChange={(v) => set([column], v === '' ? [] : [[column, v]])}
          options={[
            { value: '', label: 'Any', count: total },
            { value: '1', label: yes, count: countOf(counts[id], 1) },
            { value: '0', label: no, count: countOf(counts[id], 0) },
          ]}
        />
      </Section>
    );
  };

  const rangeGroup = (id: 'size' | 'brightness' | 'contrast', column: string, title: string, step: number, unit?: string) => {
    const { lo, hi } = impliedRange(conditionsOn(api, column));
    return (
      <Section title={title} active={has(column)} onClear={() => set([column], [])}>
        <RangeFilter label={title} histogram={histograms[id]} lo={lo} hi={hi} step={step} unit={unit} stale={stale} onCommit={(a, b) => set([column], rangeEntries(column, a, b))} />
      </Section>
    );
  };

  const filmCounts = counts.films;
  const filmChoices: Choice[] = films.map((f) => ({
    value: f.film,
    label: f.film,
    count: filmCounts ? (filmCounts.find((c) => c.value === f.film)?.count ?? 0) : null,
    title: `${f.frame_count.toLocaleString('en')} frames in the library`,
  }));
  const faceCounts = counts.faces ? faceBucketCounts(counts.faces) : null;
  const faceSelection = selectedFaceBuckets(api);
  const preset = activePreset(api);
  const blank = api.get('blank__isnull') === '1' ? 'none' : api.get('blank') ?? (api.get('blank__notnull') === '1' ? 'any' : '');
  const blankCount = (v: Value) => countOf(counts.blank, v);
  const colourDistance = api.get('_color_distance');
  const others = [...api].filter(([name]) => !SIDEBAR_KEYS.includes(paramKey(name)) && !SORT_KEYS.includes(name));

  return (
    <aside className="sidebar" aria-label="Filters">
      <div className="sidebar-head">
        <h2>Filters</h2>
        {hasFilters && (
          <button type="button" className="small" onClick={() => onChange(new URLSearchParams([...api].filter(([name]) => SORT_KEYS.includes(name))))}>
            Clear all
          </button>
        )}
      </div>
      {facets.error && (
        <p className="facet-error" role="status">
          Counts unavailable: {facets.error.message}
        </p>
      )}

      {before}

      <Section title="Shot type" active={preset !== null} onClear={() => onChange(applyPreset(api, null))}>
        <div className="presets" role="group" aria-label="Shot type presets">
          {SHOT_PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              className="preset"
              aria-pressed={preset?.id === p.id}
              title={`${p.about}: ${p.entries.map(([n, v]) => `${n}=${v}`).join('&')}`}
              onClick={() => onChange(applyPreset(api, preset?.id === p.id ? null : p))}
            >
              {p.label}
            </button>
          ))}
        </div>
      </Section>

      <Section title="Films" active={has('film')} onClear={() => set(['film'], [])}>
        <ChoiceList name="Films" choices={filmChoices} selected={selectedValues(api, 'film', films.map((f) => f.film))} stale={stale} onChange={(v) => set(['film'], choiceEntries('film', v))} />
      </Section>

      {faceSearch && (
        <Section title="More of this person" active onClear={() => set(FACE_KEYS, [])}>
          <FaceSearchFilter
            search={faceSearch}
            scope={faceScope(api, faceSearch.face.film)}
            stats={searchStats?.face ?? null}
            onCommit={(search, scope) => {
              const { keys, entries } = faceSearchChange(search, scope);
              set(keys, entries);
            }}
          />
        </Section>
      )}

      <Section title="Dialogue" active={has('_search')} onClear={() => set(DIALOGUE_KEYS, [])}>
        <DialogueFilter search={readDialogueSearch(api)} onCommit={(text, raw) => set(DIALOGUE_KEYS, dialogueEntries(text, raw))} />
      </Section>

      <Section title="Number of faces" active={has('faces_found')} onClear={() => set(['faces_found'], [])}>
        <div className="chips" role="group" aria-label="Number of faces">
          {FACE_BUCKETS.map((bucket, i) => {
            const on = faceSelection.includes(bucket);
            return (
              <button
                key={bucket}
                type="button"
                className={`chip${stale ? ' stale' : ''}`}
                aria-pressed={on}
                aria-label={`${faceBucketLabel(bucket)} faces${faceCounts ? `, ${faceCounts[i]} frames` : ''}`}
                onClick={() => set(['faces_found'], faceCountEntries(on ? faceSelection.filter((b) => b !== bucket) : [...faceSelection, bucket]))}
              >
                <span className="chip-value">{faceBucketLabel(bucket)}</span>
                <span className="chip-count">{faceCounts ? faceCounts[i].toLocaleString('en') : '…'}</span>
              </button>
            );
          })}
        </div>
      </Section>

      {flagGroup('primary', 'prim_char_flag', 'Primary character', 'Yes', 'No')}
      {rangeGroup('size', 'p_face_size', 'Primary face size', 0.1, '%')}
      {choiceGroup('emotion', 'p_emotion', 'Emotion')}
      {choiceGroup('alignment', 'p_center_alignment', 'Left / right of centre')}
      {flagGroup('mouth', 'p_open_mouth', 'Mouth', 'Open', 'Closed')}
      {choiceGroup('character', 'p_face_cluster', 'Character', (v) => `Character ${v}`, true)}
      <Section title="Named characters" active={has('character')} onClear={() => set(CHARACTER_KEYS, [])}>
        <CharacterFilter selected={api.getAll('character')} onChange={(names) => set(CHARACTER_KEYS, characterEntries(names))} />
      </Section>
      {rangeGroup('brightness', 'brightness', 'Brightness', 1)}
      {rangeGroup('contrast', 'contrast', 'Contrast', 1)}

      <Section title="Colour" active={has('_color')} onClear={() => set(COLOUR_KEYS, [])}>
        <ColourFilter
          colour={api.get('_color')}
          distance={colourDistance === null ? null : Number(colourDistance)}
          onCommit={(colour, distance) => set(COLOUR_KEYS, colour ? [['_color', colour], ['_color_distance', String(distance)]] : [])}
        />
      </Section>

      <Section title="Palette" active={PALETTE_KEYS.some(has)} onClear={() => set(PALETTE_KEYS, [])}>
        <PaletteFilter filter={readPaletteFilter(api)} stats={searchStats?.palette ?? null} onCommit={(filter) => set(PALETTE_KEYS, paletteEntries(filter))} />
      </Section>

      <Section title="Blank frames" active={has('blank')} onClear={() => set(['blank'], [])}>
        <Segmented
          name="blank"
          legend="Blank frames"
          value={blank}
          stale={stale}
          onChange={(v) => set(['blank'], v === '' ? [] : v === 'none' ? [['blank__isnull', '1']] : v === 'any' ? [['blank__notnull', '1']] : [['blank', v]])}
          options={[
            { value: '', label: 'Any', count: null },
            { value: 'none', label: 'Not blank', count: blankCount(null) },
            { value: 'black', label: 'Black', count: blankCount('black') },
            { value: 'white', label: 'White', count: blankCount('white') },
          ]}
        />
      </Section>

      {choiceGroup('aspect', 'aspect_ratio', 'Aspect ratio', (v) => `${Number(v).toFixed(2)} : 1`, true)}

      <Section title="Shot" active={SHOT_KEYS.some(has)} onClear={() => set(SHOT_KEYS, [])} open={false}>
        <div className="shot-fields">
          {SHOT_KEYS.map((column) => (
            <label key={column} className="field">
              <span>{column === 'shot_id' ? 'Shot id' : 'Shot cluster'}</span>
              <NumberField
                label={column === 'shot_id' ? 'Shot id' : 'Shot cluster'}
                value={api.get(column) === null ? null : Number(api.get(column))}
                step={1}
                onCommit={(v) => set([column], v === null ? [] : [[column, String(v)]])}
              />
            </label>
          ))}
        </div>
        <p className="facet-note">Open a frame to filter on its shot or its character in one click.</p>
      </Section>

      {others.length > 0 && (
        <Section title="Other conditions" active onClear={() => onChange(replaceKeys(api, others.map(([name]) => paramKey(name)), []))}>
          <ul className="other-filters">
            {others.map(([name, value], i) => (
              <li key={`${name}=${value}:${i}`}>
                <code>
                  {name}={value}
                </code>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${name}=${value}`}
                  onClick={() => onChange(new URLSearchParams([...api].filter(([n, v]) => !(n === name && v === value))))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </aside>
  );
});
