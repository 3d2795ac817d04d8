import { describePalette, formatShare, stripWidths, type PaletteColour } from '@/lib/ui/palette-display';

/**
 * A frame's palette as a strip of its colours, each as wide as its share of
 * the picture; `labelled` adds a legend of each colour's hex and share (the
 * frame view), otherwise the strip is a thin band (a tile).
 */
export function PaletteStrip({ palette, labelled = false, className = '' }: { palette: readonly PaletteColour[]; labelled?: boolean; className?: string }) {
  const widths = stripWidths(palette);
  const strip = (
    <span className={`palette-strip ${className}`} role="img" aria-label={`Palette: ${describePalette(palette)}`}>
      {palette.map((colour, i) => (
        <span key={`${colour.hex}:${i}`} className="palette-colour" style={{ width: `${widths[i]}%`, background: `#${colour.hex}` }} title={`#${colour.hex} · ${formatShare(colour.share)}`} />
      ))}
    </span>
  );
  if (!labelled) return strip;
  return (
    <div className="palette-labelled">
      {strip}
      <ul className="palette-legend" aria-hidden="true">
        {palette.map((colour, i) => (
          <li key={`${colour.hex}:${i}`}>
            <span className="swatch" style={{ background: `#${colour.hex}` }} />
            <code>#{colour.hex}</code>
            <span className="palette-share">{formatShare(colour.share)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
