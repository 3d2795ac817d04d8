import { ALL_TABLE_COLUMNS, columnTitle } from './columns';

/** A menu of checkboxes, one per column; the choice is kept in the URL (`view.cols`). */
export function ColumnPicker({ visible, onChange }: { visible: readonly string[]; onChange: (columns: string[]) => void }) {
  const toggle = (id: string, on: boolean) => {
    const next = new Set(visible);
    if (on) next.add(id);
    else next.delete(id);
    onChange(ALL_TABLE_COLUMNS.filter((c) => next.has(c)));
  };
  return (
    <details className="menu column-picker">
      <summary>Columns ({visible.length})</summary>
      <fieldset className="menu-body">
        <legend className="sr-only">Columns shown in the table</legend>
        {ALL_TABLE_COLUMNS.map((id) => (
          <label key={id} className="check">
            <input type="checkbox" checked={visible.includes(id)} onChange={(e) => toggle(id, e.currentTarget.checked)} />
            {columnTitle(id)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
