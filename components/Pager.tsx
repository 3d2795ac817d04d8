import type { Page } from '@/lib/ui/grid-layout';

/** Shown only for result sets too tall for one scrolling page (see lib/ui/grid-layout.ts). */
export function Pager({ page, total, onPage }: { page: Page; total: number; onPage: (index: number) => void }) {
  if (page.count <= 1) return null;
  const fmt = (n: number) => n.toLocaleString('en');
  return (
    <nav className="pager" aria-label="Result pages">
      <span>
        Frames {fmt(page.start + 1)}–{fmt(page.start + page.size)} of {fmt(total)}
      </span>
      <button type="button" className="ghost" onClick={() => onPage(0)} disabled={page.index === 0} aria-label="First page">
        «
      </button>
      <button type="button" className="ghost" onClick={() => onPage(page.index - 1)} disabled={page.index === 0} aria-label="Previous page">
        ‹
      </button>
      <span aria-live="polite">
        Page {fmt(page.index + 1)} of {fmt(page.count)}
      </span>
      <button type="button" className="ghost" onClick={() => onPage(page.index + 1)} disabled={page.index === page.count - 1} aria-label="Next page">
        ›
      </button>
      <button type="button" className="ghost" onClick={() => onPage(page.count - 1)} disabled={page.index === page.count - 1} aria-label="Last page">
        »
      </button>
    </nav>
  );
}
