'use client';

import { useEffect, useState } from 'react';
import type { FramesPage } from '@/lib/query/frames';
import type { SelectionSummary } from '@/lib/selections';
import { IN_SELECTION, NOT_IN_SELECTION, otherSelectionFilters, selectionFilterOf, withSelectionFilter, type SelectionFilter as Filter } from '@/lib/ui/curation';
import { queryString } from '@/lib/ui/url-state';
import { fetchJson, isAbort } from '../fetch-json';
import { Section, Segmented } from '../filters/controls';

interface Props {
  api: URLSearchParams;
  /** The current selection, or null. */
  selection: SelectionSummary | null;
  selections: readonly SelectionSummary[];
  /** Goes up after each curation action: the counts are asked again. */
  version: number;
  onChange: (api: URLSearchParams) => void;
}

/**
 * The sidebar's "Selection" group: all frames, members of the current
 * selection only (`_in_selection=<id>`), or the rest (`_not_in_selection`).
 * Its counts are taken with every other filter applied, like the other
 * groups'. Filters on other selections (from a link) are listed to remove.
 */
export function SelectionFilter({ api, selection, selections, version, onChange }: Props) {
  const id = selection?.id ?? null;
  const others = otherSelectionFilters(api, id);
  const base = id === null ? null : queryString(withSelectionFilter(api, id, 'all'));
  const [counts, setCounts] = useState<{ base: string; in: number; out: number } | null>(null);

  useEffect(() => {
    if (base === null || id === null) return;
    const controller = new AbortController();
    const count = (param: string) => fetchJson<FramesPage>(`/api/frames?${base}${base ? '&' : ''}${param}=${id}&_size=0`, controller.signal).then((p) => p.total);
    const timer = setTimeout(() => {
      Promise.all([count(IN_SELECTION), count(NOT_IN_SELECTION)]).then(
        ([inside, outside]) => setCounts({ base: `${base}|${id}`, in: inside, out: outside }),
        (error: unknown) => {
          if (!isAbort(error)) setCounts(null);
        },
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [base, id, version]);

  if (id === null && others.length === 0) return null;
  const value = id === null ? 'all' : selectionFilterOf(api, id);
  const shown = counts && counts.base === `${base}|${id}` ? counts : null;
  const nameOf = (raw: string) => selections.find((s) => String(s.id) === raw)?.name ?? `#${raw}`;

  return (
    <Section
      title="Selection"
      active={value !== 'all' || others.length > 0}
      onClear={() => onChange(new URLSearchParams([...api].filter(([name]) => name !== IN_SELECTION && name !== NOT_IN_SELECTION)))}
    >
      {selection && (
        <Segmented
          name="selection-filter"
          legend={`Frames of “${selection.name}”`}
          value={value}
          stale={shown === null}
          onChange={(v) => onChange(withSelectionFilter(api, selection.id, v as Filter))}
          options={[
            { value: 'all', label: 'All', count: shown ? shown.in + shown.out : null },
            { value: 'in', label: 'In selection', count: shown?.in ?? null },
            { value: 'out', label: 'Not in it', count: shown?.out ?? null },
          ]}
        />
      )}
      {others.length > 0 && (
        <ul className="other-filters">
          {others.map(([name, raw]) => (
            <li key={`${name}=${raw}`}>
              <span>
                {name === IN_SELECTION ? 'in' : 'not in'} “{nameOf(raw)}”
              </span>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${name}=${raw}`}
                onClick={() => onChange(new URLSearchParams([...api].filter(([n, v]) => !(n === name && v === raw))))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
