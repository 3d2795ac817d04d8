'use client';

import { useSearch } from './SearchContext';

/** Shows or hides the palette strips on the tiles (`view.palettes=1`). */
export function PaletteToggle() {
  const search = useSearch();
  if (!search) return null;
  return (
    <label className="check" title="Each tile's five dominant colours, as wide as their share of the picture">
      <input type="checkbox" checked={search.palettes} onChange={(e) => search.setPalettes(e.currentTarget.checked)} />
      Palettes
    </label>
  );
}
