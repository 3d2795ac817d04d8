import type { ReactNode } from 'react';

const fmt = (n: number) => n.toLocaleString('en');

/** A collapsible sidebar group; a group with an active filter says so and offers to clear it. */
export function Section({
  title,
  active,
  onClear,
  open = true,
  children,
}: {
  title: string;
  active: boolean;
  onClear: () => void;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className={`facet${active ? ' active' : ''}`} open={open || active}>
      <summary>
        <span className="facet-title">{title}</span>
        {active && (
          <>
            <span className="facet-dot" aria-hidden="true" />
            <span className="sr-only">(filtered)</span>
          </>
        )}
      </summary>
      <div className="facet-body">
        {children}
        {active && (
          <button type="button" className="link-button clear" onClick={onClear}>
            Clear {title.toLowerCase()}
          </button>
        )}
      </div>
    </details>
  );
}

export interface Choice {
  value: string;
  label: ReactNode;
  count: number | null;
  title?: string;
}

/** Checkboxes with live counts and a bar showing each value's share. */
export function ChoiceList({
  name,
  choices,
  selected,
  onChange,
  stale,
}: {
  name: string;
  choices: readonly Choice[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  stale: boolean;
}) {
  const max = Math.max(1, ...choices.map((c) => c.count ?? 0));
  const toggle = (value: string, on: boolean) => {
    const next = on ? [...selected, value] : selected.filter((v) => v !== value);
    onChange(choices.map((c) => c.value).filter((v) => next.includes(v)));
  };
  if (choices.length === 0) return <p className="facet-empty">{stale ? 'Counting…' : 'No values in this selection.'}</p>;
  return (
    <ul className={`choices${stale ? ' stale' : ''}`} aria-label={name}>
      {choices.map((choice) => {
        const checked = selected.includes(choice.value);
        return (
          <li key={choice.value}>
            <label className={`choice${checked ? ' checked' : ''}${choice.count === 0 ? ' zero' : ''}`} title={choice.title}>
              <input type="checkbox" checked={checked} onChange={(e) => toggle(choice.value, e.currentTarget.checked)} />
              <span className="choice-label">{choice.label}</span>
              <span className="choice-count">{choice.count === null ? '' : fmt(choice.count)}</span>
              <span className="choice-bar" style={{ width: `${((choice.count ?? 0) / max) * 100}%` }} aria-hidden="true" />
            </label>
          </li>
        );
      })}
    </ul>
  );
}

export interface Option {
  value: string;
  label: string;
  count: number | null;
}

/** One of a few options (radio buttons drawn as a segmented control), each with its count. */
export function Segmented({
  name,
  legend,
  options,
  value,
  onChange,
  stale,
}: {
  name: string;
  legend: string;
  options: readonly Option[];
  /** null: the URL's condition is none of the options alone, so none is checked. */
  value: string | null;
  onChange: (value: string) => void;
  stale: boolean;
}) {
  return (
    <fieldset className={`segmented${stale ? ' stale' : ''}`}>
      <legend className="sr-only">{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className={option.value === value ? 'on' : undefined}>
          <input type="radio" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} />
          <span>{option.label}</span>
          {option.count !== null && <span className="segment-count">{fmt(option.count)}</span>}
        </label>
      ))}
    </fieldset>
  );
}

/** The ΔE tolerance slider shared by the mean-colour and palette filters. */
export function DeltaESlider({ value, label, onChange }: { value: number; label: string; onChange: (value: number) => void }) {
  return (
    <label className="slider-label">
      <span>
        Within ΔE <output>{value}</output>
      </span>
      <input type="range" min={1} max={60} step={1} value={value} aria-label={label} onChange={(e) => onChange(Number(e.currentTarget.value))} />
    </label>
  );
}
