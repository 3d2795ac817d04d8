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

/** A URL value as the column holds it: a number for a numeric column, the text otherwise. */
export function typed(column: string, raw: string): Value {
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
    if (op === 'in_or_null') return value === null || raw.split(',').some((item) => typed(column, item) === value);
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

/**
 * The parameters that select exactly `values` of a column: `col=v` for one,
 * `col__in=a,b` for several; with NULL among them, `col__isnull=1` alone or
 * `col__in_or_null=a,b` with values.
 */
export function choiceEntries(column: string, chosen: ReadonlyArray<string | number | null>): Array<[string, string]> {
  const values = chosen.filter((v) => v !== null);
  if (values.length < chosen.length) return values.length === 0 ? [[`${column}__isnull`, '1']] : [[`${column}__in_or_null`, values.join(',')]];
  if (values.length === 0) return [];
  if (column === 'film') return values.map((v) => ['film', String(v)]);
  if (values.length === 1) return [[column, String(values[0])]];
  return [[`${column}__in`, values.join(',')]];
}

/**
 * A numeric range as the URL writes it: each end with its operator, so a
 * preset's `__gt`/`__lt` stay strict when one end is edited. null ends are open.
 */
export interface Range {
  lo: number | null;
  hi: number | null;
  loOp: 'gt' | 'gte';
  hiOp: 'lt' | 'lte';
}

/** `col__gte=lo&col__lte=hi` (or the range's own operators), leaving out an open end. */
export function rangeEntries(column: string, range: Range): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (range.lo !== null) out.push([`${column}__${range.loOp}`, String(range.lo)]);
  if (range.hi !== null) out.push([`${column}__${range.hiOp}`, String(range.hi)]);
  return out;
}

/** The range the conditions on a numeric column imply (the tightest of each end, strict where its bound is). */
export function impliedRange(conditions: readonly Condition[]): Range {
  const range: Range = { lo: null, hi: null, loOp: 'gte', hiOp: 'lte' };
  for (const { op, value } of conditions) {
    const n = Number(value);
    if (!Number.isFinite(n)) continue;
    if (op === 'gt' || op === 'gte' || op === 'exact') {
      if (range.lo === null || n > range.lo) [range.lo, range.loOp] = [n, op === 'gt' ? 'gt' : 'gte'];
      else if (n === range.lo && op === 'gt') range.loOp = 'gt';
    }
    if (op === 'lt' || op === 'lte' || op === 'exact') {
      if (range.hi === null || n < range.hi) [range.hi, range.hiOp] = [n, op === 'lt' ? 'lt' : 'lte'];
      else if (n === range.hi && op === 'lt') range.hiOp = 'lt';
    }
  }
  return range;
}

/** Whether no value could be in the range: its low end above its high end (or equal, with a strict end). */
export function isInverted({ lo, hi, loOp, hiOp }: Range): boolean {
  if (lo === null || hi === null) return false;
  return lo > hi || (lo === hi && (loOp === 'gt' || hiOp === 'lt'));
}

/** The range of histogram bins `a` to `b` (either order): bins are [from, to), the last one closed. */
export function binsRange(bins: ReadonlyArray<{ from: number; to: number }>, a: number, b: number): Range {
  const [first, last] = [Math.min(a, b), Math.max(a, b)];
  return { lo: bins[first].from, hi: bins[last].to, loOp: 'gte', hiOp: last === bins.length - 1 ? 'lte' : 'lt' };
}
