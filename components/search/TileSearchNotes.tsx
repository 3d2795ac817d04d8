import type { TileSearch } from './SearchContext';
import { PaletteStrip } from './PaletteStrip';

/** Inside a tile's image: its palette strip along the bottom, and the text of its dialogue tooltip for screen readers. */
export function TileSearchNotes({ search }: { search: TileSearch }) {
  return (
    <>
      {search.palette && search.palette.length > 0 && <PaletteStrip palette={search.palette} className="tile-palette" />}
      {search.tooltip && (
        <span id={search.describedBy} className="sr-only">
          {search.tooltip}
        </span>
      )}
    </>
  );
}
