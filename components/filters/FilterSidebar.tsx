'use client';

import { memo, type ReactNode } from 'react';
import type { FilmSummary } from '@/lib/query/frames';
import { entriesOf, paramKey, replaceKeys } from '@/lib/ui/filter-params';
import {
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
import { ColourFilter } from './ColourFilter';
import { DialogueFilter } from './DialogueFilter';
import { FaceSearchFilter } from './FaceSearchFilter';
import { PaletteFilter } from './PaletteFilter';
import { Section } from './controls';
import { FacetGroup } from './FacetGroup';
import { COLOUR_KEYS, FACET_SPECS, SHOT_KEYS, SIDEBAR_KEYS, SORT_KEYS, type SidebarSpec } from './facet-specs';
import { NumberField } from './RangeFilter';
import type { Facets } from './use-facets';

/** Films first, with the searches below it; the other column groups after them, in their specs' order. */
const [FILMS_SPEC, ...COLUMN_SPECS] = FACET_SPECS;

interface Props {
  api: URLSearchParams;
  films: FilmSummary[];
  facets: Facets;
  onChange: (api: URLSearchParams) => void;
  /** A group shown first: the current selection's filter. */
  before?: ReactNode;
}

/**
 * The faceted filters, Datasette style: every count is computed with all the other filters applied.
 * The groups over frame columns are drawn from FACET_SPECS; the searches keep controls of their own.
 * Memoized: the results arriving after a filter change leave the sidebar as it is.
 */
export const FilterSidebar = memo(function FilterSidebar({ api, films, facets, onChange, before }: Props) {
  const searchStats = useSearchStats(api);
  const faceSearch = readFaceSearch(api);
  const set = (keys: readonly string[], entries: ReadonlyArray<readonly [string, string]>) => onChange(replaceKeys(api, keys, entries));
  const has = (key: string) => entriesOf(api, [key]).length > 0;
  const hasFilters = [...api.keys()].some((name) => !SORT_KEYS.includes(name));
  const preset = activePreset(api);
  const colourDistance = api.get('_color_distance');
  const others = [...api].filter(([name]) => !SIDEBAR_KEYS.includes(paramKey(name)) && !SORT_KEYS.includes(name));
  const group = (spec: SidebarSpec) => <FacetGroup key={spec.id} spec={spec} api={api} films={films} facets={facets} onChange={onChange} />;

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

      {group(FILMS_SPEC)}

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

      {COLUMN_SPECS.map(group)}

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
