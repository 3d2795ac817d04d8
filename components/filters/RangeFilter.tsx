'use client';

import { useEffect, useRef, useState } from 'react';
import type { Histogram } from '@/lib/query/histogram';

interface Props {
  label: string;
  /** The column's spread over the frames matching every other filter. */
  histogram: Histogram | undefined;
  /** The current closed range from the URL; null ends are open. */
  lo: number | null;
  hi: number | null;
  step: number;
  unit?: string;
  stale: boolean;
  onCommit: (lo: number | null, hi: number | null) => void;
}

const COMMIT_DELAY_MS = 400;

function round(value: number, step: number): number {
  const digits = step >= 1 ? 0 : Math.ceil(-Math.log10(step));
  return Number(value.toFixed(digits));
}

/**
 * A numeric range: a histogram of the current selection with the chosen
 * range highlighted, two sliders and two number fields. An end dragged to
 * the edge of the data is left open, so the filter says only what was meant.
 */
export function RangeFilter({ label, histogram, lo, hi, step, unit = '', stale, onCommit }: Props) {
  const dataMin = histogram?.min ?? null;
  const dataMax = histogram?.max ?? null;
  const min = Math.floor(Math.min(dataMin ?? lo ?? hi ?? 0, lo ?? Infinity));
  const max = Math.ceil(Math.max(dataMax ?? hi ?? lo ?? 0, hi ?? -Infinity, min + step));
  const [draft, setDraft] = useState<{ lo: number | null; hi: number | null }>({ lo, hi });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => setDraft({ lo, hi }), [lo, hi]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const commit = (next: { lo: number | null; hi: number | null }, delay: number) => {
    setDraft(next);
    if (timer.current) clearTimeout(timer.current);
    const open = (v: number | null, edge: number) => (v === null || v === edge ? null : v);
    timer.current = setTimeout(() => onCommit(open(next.lo, min), open(next.hi, max)), delay);
  };

  const shownLo = draft.lo ?? min;
  const shownHi = draft.hi ?? max;
  const bins = histogram?.bins ?? [];
  const peak = Math.max(1, ...bins.map((b) => b.count));
  const inRange = (from: number, to: number) => to > shownLo && from <= shownHi;
  const total = bins.reduce((sum, b) => sum + b.count, 0);

  return (
    <div className={`range${stale ? ' stale' : ''}`}>
      <div className="histogram" aria-hidden="true">
        {bins.map((bin, i) => (
          <span
            key={i}
            className={`bar${inRange(bin.from, bin.to) ? ' in' : ''}`}
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
          onChange={(e) => commit({ lo: Math.min(Number(e.currentTarget.value), shownHi), hi: draft.hi }, COMMIT_DELAY_MS)}
        />
        <input
          type="range"
          aria-label={`Maximum ${label}`}
          min={min}
          max={max}
          step={step}
          value={shownHi}
          onChange={(e) => commit({ lo: draft.lo, hi: Math.max(Number(e.currentTarget.value), shownLo) }, COMMIT_DELAY_MS)}
        />
      </div>
      <div className="range-inputs">
        <NumberField label={`${label} from`} value={draft.lo} placeholder={String(min)} step={step} onCommit={(v) => commit({ lo: v, hi: draft.hi }, 0)} />
        <span aria-hidden="true">–</span>
        <NumberField label={`${label} to`} value={draft.hi} placeholder={String(max)} step={step} onCommit={(v) => commit({ lo: draft.lo, hi: v }, 0)} />
        {unit && <span className="unit">{unit}</span>}
      </div>
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
  onCommit,
}: {
  label: string;
  value: number | null;
  placeholder?: string;
  step: number;
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
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={apply}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply();
      }}
    />
  );
}
