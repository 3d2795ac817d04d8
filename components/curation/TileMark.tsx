import { describeMark, type Mark } from '@/lib/ui/curation';

const BADGES: Record<'included' | 'excluded' | 'matched', { symbol: string; title: string }> = {
  included: { symbol: '✓', title: 'Included by hand' },
  excluded: { symbol: '✕', title: 'Excluded by hand' },
  matched: { symbol: '●', title: 'In the selection: its query matches' },
};

/** The tile's class for its standing in the current selection: members get an outline, exclusions are dimmed. */
export function markClass(mark: Mark | undefined): string {
  if (mark === undefined) return '';
  if (mark === 'included' || mark === 'matched') return ` member ${mark}`;
  return mark === 'excluded' ? ' excluded' : ' non-member';
}

/** ", included by hand": said after the frame's name when marks are shown. */
export function markLabel(mark: Mark | undefined): string {
  return mark === undefined ? '' : `, ${describeMark(mark)}`;
}

/** A badge in the tile's corner: ✓ included, ✕ excluded, ● a member through the query. */
export function TileMark({ mark }: { mark: Mark | undefined }) {
  if (!mark) return null;
  const badge = BADGES[mark];
  return (
    <span className={`tile-mark ${mark}`} title={badge.title} aria-hidden="true" data-mark={mark}>
      {badge.symbol}
    </span>
  );
}

/** While clicks curate, the frame opens from this corner button (or Enter). */
export function TileOpen({ index, label, onOpen }: { index: number; label: string; onOpen: (index: number) => void }) {
  return (
    <button type="button" className="tile-open" tabIndex={-1} onClick={() => onOpen(index)} aria-label={`Open ${label}`} title="Open the frame (Enter)">
      ⤢
    </button>
  );
}
