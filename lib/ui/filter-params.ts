/**
 * Reading and editing filters in the API's query syntax. A sidebar control
 * owns one or more keys (a column such as `p_face_size`, covering every
 * operator on it, or a reserved name such as `_color`); changing the control
 * replaces its keys' parameters and leaves every other parameter as it was.
 */
import { columnType, frameColumn } from '@/lib/db/columns';

/** `p_face_size__gt` -> `p_face_size`; `film` -> `film`; `_color` -> `_color`. */
export function paramKey(name: string): string {
  if (name.startsWith('_')) return name;
  const split = name.lastIndexOf('__');
  return split > 0 ? name.slice(0, split) : name;
}

export function paramOperator(name: string): string {
  if (name.startsWith('_')) return '';
  const split = name.lastIndexOf('__');
  return split > 0 ? name.slice(split + 2) : 'exact';
}

export function withoutKeys(params: URLSearchParams, keys: readonly string[]): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, value] of params) if (!keys.includes(paramKey(name))) out.append(name, value);
  return out;
}

/** The parameters of `keys` replaced by `entries`, appended after the others. */
export function replaceKeys(params: URLSearchParams, keys: readonly string[], entries: ReadonlyArray<readonly [string, string]>): URLSearchParams {
  const out = withoutKeys(params, keys);
  for (const [name, value] of entries) out.append(name, value);
  return out;
}

export function entriesOf(params: URLSearchParams, keys: readonly string[]): Array<[string, string]> {
  return [...params].filter(([name]) => keys.includes(paramKey(name)));
}

export interface Condition {
  op: string;
  value: string;
}

export function conditionsOn(params: URLSearchParams, column: string): Condition[] {
  return entriesOf(params, [column]).map(([name, value]) => ({ op: paramOperator(name), value }));
}

type Value = string | number | null;

function typed(column: string, raw: string): Value {
  const c = frameColumn(column);
  return c && columnType(c) !== 'text' ? Number(raw) : raw;
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a value passes every condition, evaluated here the way the API's
 * SQL does (NULL fails all but `not` and `isnull`; repeated `film=` is OR'd),
 * so a control can show which of its choices the current URL selects.
 */
export function satisfies(column: string, conditions: readonly Condition[], value: Value): boolean {
  const films = column === 'film' ? conditions.filter((c) => c.op === 'exact').map((c) => c.value) : [];
  if (films.length > 0 && !films.includes(String(value))) return false;
  return conditions.every(({ op, value: raw }) => {
    if (column === 'film' && op === 'exact') return true;
    if (op === 'isnull') return value === null;
    if (op === 'notnull') return value !== null;
    if (op === 'not') return value === null || value !== typed(column, raw);
    if (value === null) return false;
    if (op === 'in') return raw.split(',').some((item) => typed(column, item) === value);
    if (op === 'contains') return String(value).toLowerCase().includes(raw.toLowerCase());
    const bound = typed(column, raw);
    if (bound === null) return false;
    const order = compare(value, bound);
    switch (op) {
      case 'exact':
        return order === 0;
      case 'gt':
        return order > 0;
      case 'gte':
        return order >= 0;
      case 'lt':
        return order < 0;
      case 'lte':
        return order <= 0;
      default:
        return false;
    }
  });
}

/** The parameters that select exactly `values` of a column: `col=v` for one, `col__in=a,b` for several. */
export function choiceEntries(column: string, values: ReadonlyArray<string | number>): Array<[string, string]> {
  if (values.length === 0) return [];
  if (column === 'film') return values.map((v) => ['film', String(v)]);
  if (values.length === 1) return [[column, String(values[0])]];
  return [[`${column}__in`, values.join(',')]];
}

/** `col__gte=lo&col__lte=hi`, leaving out an open end. */
export function rangeEntries(column: string, lo: number | null, hi: number | null): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (lo !== null) out.push([`${column}__gte`, String(lo)]);
  if (hi !== null) out.push([`${column}__lte`, String(hi)]);
  return out;
}

/** The closed range [lo, hi] the conditions on a numeric column imply; null ends are open. */
export function impliedRange(conditions: readonly Condition[]): { lo: number | null; hi: number | null } {
  let lo: number | null = null;
  let hi: number | null = null;
  for (const { op, value } of conditions) {
    const n = Number(value);
    if (!Number.isFinite(n)) continue;
    if (op === 'gt' || op === 'gte' || op === 'exact') lo = lo === null ? n : Math.max(lo, n);
    if (op === 'lt' || op === 'lte' || op === 'exact') hi = hi === null ? n : Math.min(hi, n);
  }
  return { lo, hi };
}
