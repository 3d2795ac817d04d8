'use client';

import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { Histogram } from '@/lib/query/histogram';
import { binsRange, isInverted, type Range } from '@/lib/ui/filter-params';
import './filters.css';

interface Props {
  label: string;
  /** The column's spread over the frames matching every other filter. */
  histogram: Histogram | undefined;
  /** The current range from the URL, with its operators; null ends are open. */
  range: Range;
  step: number;
  unit?: string;
  stale: boolean;
  onCommit: (range: Range) => void;
}

const COMMIT_DELAY_MS = 400;

function round(value: number, step: number): number {
  const digits = step >= 1 ? 0 : Math.ceil(-Math.log10(step));
  return Number(value.toFixed(digits));
}

/**
 * A numeric range: a histogram of the current selection with the chosen
 * range highlighted, two sliders and two number fields. Dragging across the
 * histogram chooses the bins dragged over, a click one bin. An end dragged
 * to the edge of the data is left open, so the filter says only what was
 * meant; an end edited keeps its operator (a preset's strict `__gt`/`__lt`).
 * A low end typed above the high end is refused here, with a message, rather
 * than sent as a query that finds nothing.
 */
export function RangeFilter({ label, histogram, range, step, unit = '', stale, onCommit }: Props) {
  const { lo, hi, loOp, hiOp } = range;
  const dataMin = histogram?.min ?? null;
  const dataMax = histogram?.max ?? null;
  const min = Math.floor(Math.min(dataMin ?? lo ?? hi ?? 0, lo ?? Infinity));
  const max = Math.ceil(Math.max(dataMax ?? hi ?? lo ?? 0, hi ?? -Infinity, min + step));
  const [draft, setDraft] = useState<Range>({ lo, hi, loOp, hiOp });
  const [refused, setRefused] = useState<string | null>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    setDraft({ lo, hi, loOp, hiOp });
    setRefused(null);
  }, [lo, hi, loOp, hiOp]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const commit = (next: Range, delay: number, openAtEdges = true) => {
    setDraft(next);
    if (timer.current) clearTimeout(timer.current);
    if (isInverted(next)) {
      setRefused(`${label}: from ${next.lo}${unit} is above to ${next.hi}${unit}, so no frame could match. Lower “from” or raise “to”.`);
      return;
    }
    setRefused(null);
    const open = (v: number | null, edge: number) => (v === null || (openAtEdges && v === edge) ? null : v);
    timer.current = setTimeout(() => onCommit({ ...next, lo: open(next.lo, min), hi: open(next.hi, max) }), delay);
  };

  const shownLo = draft.lo ?? min;
  const shownHi = draft.hi ?? max;
  const bins = histogram?.bins ?? [];
  const peak = Math.max(1, ...bins.map((b) => b.count));
  const inRange = (from: number, to: number) => to > shownLo && (draft.hiOp === 'lt' ? from < shownHi : from <= shownHi);
  const total = bins.reduce((sum, b) => sum + b.count, 0);

  // The bin under the pointer, from its position across the bars (equal widths).
  const binAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return Math.min(bins.length - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * bins.length)));
  };
  const dragged = (i: number) => drag !== null && i >= Math.min(drag.from, drag.to) && i <= Math.max(drag.from, drag.to);

  return (
    <div className={`range${stale ? ' stale' : ''}`}>
      <div
        className={`histogram${bins.length > 0 ? ' pickable' : ''}`}
        aria-hidden="true"
        title={bins.length > 0 ? 'Drag across the bars to choose a range, or click one bar' : undefined}
        onPointerDown={(event) => {
          if (bins.length === 0 || event.button !== 0) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          const i = binAt(event);
          setDrag({ from: i, to: i });
        }}
        onPointerMove={(event) => {
          if (drag) setDrag({ from: drag.from, to: binAt(event) });
        }}
        onPointerUp={(event) => {
          if (!drag) return;
          setDrag(null);
          // The bins' own edges, even at the ends of the data: the range says exactly which bars were chosen.
          commit(binsRange(bins, drag.from, binAt(event)), 0, false);
        }}
        onPointerCancel={() => setDrag(null)}
      >
        {bins.map((bin, i) => (
          <span
            key={i}
            className={`bar${drag ? (dragged(i) ? ' in' : '') : inRange(bin.from, bin.to) ? ' in' : ''}`}
            style={{ height: `${bin.count === 0 ? 0 : Math.max(4, (bin.count / peak) * 100)}%` }}
            title={`${round(bin.from, step)}–${round(bin.to, step)}${unit}: ${bin.count.toLocaleString('en')} frames`}
          />
        ))}
        {bins.length === 0 && <span className="histogram-empty">{stale ? 'Counting…' : 'No values'}</span>}
      </div>
      <p className="sr-only">
        {label}: {total.toLocaleString('en')} frames with a value between {dataMin ?? '–'} and {dataMax ?? '–'}
        {histogram && histogram.nulls > 0 ? `, ${histogram.nulls.toLocaleString('en')} without one` : ''}.
      </p>
      <div className="dual-slider">
        <span
          className="dual-fill"
          aria-hidden="true"
          style={{ left: `${((shownLo - min) / (max - min)) * 100}%`, right: `${((max - shownHi) / (max - min)) * 100}%` }}
        />
        <input
          type="range"
          aria-label={`Minimum ${label}`}
          min={min}
          max={max}
          step={step}
          value={shownLo}
          onChange={(e) => commit({ ...draft, lo: Math.min(Number(e.currentTarget.value), shownHi) }, COMMIT_DELAY_MS)}
        />
        <input
          type="range"
          aria-label={`Maximum ${label}`}
          min={min}
          max={max}
          step={step}
          value={shownHi}
          onChange={(e) => commit({ ...draft, hi: Math.max(Number(e.currentTarget.value), shownLo) }, COMMIT_DELAY_MS)}
        />
      </div>
      <div className="range-inputs">
        <NumberField label={`${label} from`} value={draft.lo} placeholder={String(min)} step={step} invalid={refused !== null} onCommit={(v) => commit({ ...draft, lo: v }, 0)} />
        <span aria-hidden="true">–</span>
        <NumberField label={`${label} to`} value={draft.hi} placeholder={String(max)} step={step} invalid={refused !== null} onCommit={(v) => commit({ ...draft, hi: v }, 0)} />
        {unit && <span className="unit">{unit}</span>}
      </div>
      {refused && (
        <p className="facet-error" role="alert">
          {refused}
        </p>
      )}
      {histogram && histogram.nulls > 0 && <p className="facet-note">{histogram.nulls.toLocaleString('en')} frames have no value</p>}
    </div>
  );
}

/** A number typed in and applied on Enter or when leaving the field; empty means open. */
export function NumberField({
  label,
  value,
  placeholder,
  step,
  invalid = false,
  onCommit,
}: {
  label: string;
  value: number | null;
  placeholder?: string;
  step: number;
  invalid?: boolean;
  onCommit: (value: number | null) => void;
}) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => setText(value === null ? '' : String(value)), [value]);
  const apply = () => {
    const trimmed = text.trim();
    const n = trimmed === '' ? null : Number(trimmed);
    if (n !== null && !Number.isFinite(n)) {
      setText(value === null ? '' : String(value));
      return;
    }
    if (n !== value) onCommit(n);
  };
  return (
    <input
      type="number"
      inputMode="decimal"
      aria-label={label}
      value={text}
      placeholder={placeholder}
      step={step}
      aria-invalid={invalid || undefined}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={apply}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply();
      }}
    />
  );
}
