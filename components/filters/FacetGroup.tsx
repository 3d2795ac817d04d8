'use client';

import type { FilmSummary } from '@/lib/query/frames';
import { choicesEntries, facetChoices, flagChoice, flagEntries, NULL_CHOICE, selectedChoices } from '@/lib/ui/facet-choices';
import { faceBucketCounts, faceBucketLabel, faceCountEntries, FACE_BUCKETS, selectedFaceBuckets } from '@/lib/ui/face-count';
import { choiceEntries, conditionsOn, entriesOf, impliedRange, rangeEntries, replaceKeys, satisfies } from '@/lib/ui/filter-params';
import { CharacterFilter } from './CharacterFilter';
import { ChoiceList, Section, Segmented, type Choice } from './controls';
import type { SidebarSpec, SpecOf } from './facet-specs';
import { RangeFilter } from './RangeFilter';
import type { Facets } from './use-facets';

interface GroupProps<S extends SidebarSpec> {
  spec: S;
  api: URLSearchParams;
  films: FilmSummary[];
  facets: Facets;
  onChange: (api: URLSearchParams) => void;
}

const RATIO = (v: string | number) => `${Number(v).toFixed(2)} : 1`;

/** One sidebar group drawn from its spec (facet-specs.ts): the control its kind calls for, with live counts. */
export function FacetGroup(props: GroupProps<SidebarSpec>) {
  const { spec, api, onChange } = props;
  const active = entriesOf(api, spec.keys).length > 0;
  const body = (() => {
    switch (spec.kind) {
      case 'films':
        return <FilmsControl {...props} spec={spec} />;
      case 'faces':
        return <FacesControl {...props} spec={spec} />;
      case 'flag':
        return <FlagControl {...props} spec={spec} />;
      case 'range':
        return <RangeControl {...props} spec={spec} />;
      case 'choice':
        return <ChoiceControl {...props} spec={spec} />;
      case 'characters':
        return <CharacterFilter api={api} onChange={onChange} />;
    }
  })();
  return (
    <Section title={spec.title} active={active} onClear={() => onChange(replaceKeys(api, spec.keys, []))}>
      {body}
    </Section>
  );
}

function FilmsControl({ api, films, facets, onChange }: GroupProps<SpecOf<'films'>>) {
  const counts = facets.counts.films;
  const choices: Choice[] = films.map((f) => ({
    value: f.film,
    label: f.film,
    count: counts ? (counts.find((c) => c.value === f.film)?.count ?? 0) : null,
    title: `${f.frame_count.toLocaleString('en')} frames in the library`,
  }));
  const conditions = conditionsOn(api, 'film');
  const selected = conditions.length === 0 ? [] : films.map((f) => f.film).filter((film) => satisfies('film', conditions, film));
  return <ChoiceList name="Films" choices={choices} selected={selected} stale={facets.stale} onChange={(v) => onChange(replaceKeys(api, ['film'], choiceEntries('film', v)))} />;
}

function FacesControl({ api, facets, onChange }: GroupProps<SpecOf<'faces'>>) {
  const counts = facets.counts.faces ? faceBucketCounts(facets.counts.faces) : null;
  const selection = selectedFaceBuckets(api);
  return (
    <div className="chips" role="group" aria-label="Number of faces">
      {FACE_BUCKETS.map((bucket, i) => {
        const on = selection.includes(bucket);
        return (
          <button
            key={bucket}
            type="button"
            className={`chip${facets.stale ? ' stale' : ''}`}
            aria-pressed={on}
            aria-label={`${faceBucketLabel(bucket)} faces${counts ? `, ${counts[i]} frames` : ''}`}
            onClick={() => onChange(replaceKeys(api, ['faces_found'], faceCountEntries(on ? selection.filter((b) => b !== bucket) : [...selection, bucket])))}
          >
            <span className="chip-value">{faceBucketLabel(bucket)}</span>
            <span className="chip-count">{counts ? counts[i].toLocaleString('en') : '…'}</span>
          </button>
        );
      })}
    </div>
  );
}

function FlagControl({ spec, api, facets, onChange }: GroupProps<SpecOf<'flag'>>) {
  const column = spec.keys[0];
  const facet = facets.counts[spec.id];
  const countOf = (value: number | null) => (facet ? (facet.find((f) => f.value === value)?.count ?? 0) : null);
  const current = flagChoice(api, column);
  const nulls = countOf(null);
  return (
    <Segmented
      name={column}
      legend={spec.title}
      value={current}
      stale={facets.stale}
      onChange={(v) => onChange(replaceKeys(api, spec.keys, flagEntries(column, v)))}
      options={[
        { value: '', label: 'Any', count: facet ? facet.reduce((sum, f) => sum + f.count, 0) : null },
        { value: '1', label: spec.yes, count: countOf(1) },
        { value: '0', label: spec.no, count: countOf(0) },
        // The NULL bucket, when there is one to choose (or the URL chose it).
        ...(nulls || current === NULL_CHOICE ? [{ value: NULL_CHOICE, label: spec.none, count: nulls }] : []),
      ]}
    />
  );
}

function RangeControl({ spec, api, facets, onChange }: GroupProps<SpecOf<'range'>>) {
  const column = spec.keys[0];
  return (
    <RangeFilter
      label={spec.title}
      histogram={facets.histograms[spec.id]}
      range={impliedRange(conditionsOn(api, column))}
      step={spec.step}
      unit={spec.unit}
      stale={facets.stale}
      onCommit={(range) => onChange(replaceKeys(api, spec.keys, rangeEntries(column, range)))}
    />
  );
}

function ChoiceControl({ spec, api, facets, onChange }: GroupProps<SpecOf<'choice'>>) {
  const column = spec.keys[0];
  const choices = facetChoices(column, facets.counts[spec.id] ?? [], api, spec.none, 'format' in spec ? RATIO : String);
  return (
    <ChoiceList
      name={spec.title}
      choices={choices}
      selected={selectedChoices(column, choices, api)}
      stale={facets.stale}
      onChange={(values) => onChange(replaceKeys(api, spec.keys, choicesEntries(column, choices, values)))}
    />
  );
}
