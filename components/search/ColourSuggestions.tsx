'use client';

import { useEffect, useState } from 'react';
import type { NearColour } from '@/lib/query/nearest-colours';
import { replaceKeys } from '@/lib/ui/filter-params';
import { asApiError, fetchJson, isAbort } from '../fetch-json';

/**
 * Under "No frames match" for a colour search: the nearest mean colours the
 * frames matching the other filters do have (GET /api/nearest-colours), each
 * a button that searches for it instead.
 */
export function ColourSuggestions({ api, onChange }: { api: URLSearchParams; onChange: (api: URLSearchParams) => void }) {
  const query = api.toString();
  const [answer, setAnswer] = useState<{ query: string; colours: NearColour[] | null; error: string | null } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchJson<{ colours: NearColour[] }>(`/api/nearest-colours?${query}`, controller.signal).then(
      ({ colours }) => setAnswer({ query, colours, error: null }),
      (error: unknown) => {
        if (!isAbort(error)) setAnswer({ query, colours: null, error: asApiError(error).message });
      },
    );
    return () => controller.abort();
  }, [query]);

  const shown = answer?.query === query ? answer : null;
  if (!shown) return <p className="muted">Looking for the nearest colours…</p>;
  if (shown.error) return <p className="facet-error">Nearest colours unavailable: {shown.error}</p>;
  if (!shown.colours || shown.colours.length === 0) return <p className="muted">No frame matching the other filters has a mean colour.</p>;
  return (
    <div className="colour-suggestions">
      <p>The nearest colours these frames do have:</p>
      <ul aria-label="Nearest colours">
        {shown.colours.map((c) => (
          <li key={c.hex}>
            <button type="button" className="colour-suggestion" title={`The mean colour of ${c.film} frame ${c.frame}`} onClick={() => onChange(replaceKeys(api, ['_color'], [['_color', c.hex]]))}>
              <span className="swatch" style={{ background: `#${c.hex}` }} aria-hidden="true" />
              <code>#{c.hex}</code>
              <span className="muted">ΔE {c.distance}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
