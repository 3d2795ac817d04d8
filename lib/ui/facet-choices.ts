/**
 * A facet's values as sidebar choices, its NULL bucket among them under a
 * label saying what a missing value means for that column ("no emotion",
 * "centred or no face"), and which of them the URL selects.
 */
import type { FacetValue } from '@/lib/query/facets';
import { choiceEntries, conditionsOn, satisfies, typed } from './filter-params';

type Value = string | number | null;

/** The choice standing for NULL: no stored value holds a NUL character. */
export const NULL_CHOICE = '\u0000';

export interface FacetChoice {
  /** The value as a string (NULL_CHOICE for the NULL bucket), for a checkbox. */
  value: string;
  typed: Value;
  label: string;
  count: number;
}

/** Every value a column's conditions name in the URL (an `__isnull` names NULL), typed. */
export function valuesNamed(api: URLSearchParams, column: string): Value[] {
  return conditionsOn(api, column).flatMap(({ op, value }): Value[] => {
    if (op === 'isnull') return [null];
    if (op === 'in') return value.split(',').map((v) => typed(column, v));
    if (op === 'in_or_null') return [...value.split(',').map((v) => typed(column, v)), null];
    if (op === 'exact') return [typed(column, value)];
    return [];
  });
}

/**
 * The facet's values, most frequent first, then the NULL bucket when it has
 * frames; a value the URL chooses stays listed (with 0) when the counts no
 * longer show it, so it can be unchosen.
 */
export function facetChoices(column: string, facet: readonly FacetValue[], api: URLSearchParams, none: string, format: (v: string | number) => string = String): FacetChoice[] {
  const choice = (typed: Value, count: number): FacetChoice => ({
    value: typed === null ? NULL_CHOICE : String(typed),
    typed,
    label: typed === null ? none : format(typed),
    count,
  });
  const listed = facet.filter((f) => f.value !== null).map((f) => choice(f.value, f.count));
  const nulls = facet.find((f) => f.value === null)?.count ?? 0;
  for (const typed of valuesNamed(api, column)) {
    if (typed !== null && !listed.some((c) => c.typed === typed)) listed.push(choice(typed, 0));
  }
  if (nulls > 0 || valuesNamed(api, column).includes(null)) listed.push(choice(null, nulls));
  return listed;
}

/** The choices the URL's conditions on the column select; none when it has no condition. */
export function selectedChoices(column: string, choices: readonly FacetChoice[], api: URLSearchParams): string[] {
  const conditions = conditionsOn(api, column);
  if (conditions.length === 0) return [];
  return choices.filter((c) => satisfies(column, conditions, c.typed)).map((c) => c.value);
}

/** The parameters choosing exactly these choices (`col__isnull=1` or `col__in_or_null=` with the NULL bucket). */
export function choicesEntries(column: string, choices: readonly FacetChoice[], chosen: readonly string[]): Array<[string, string]> {
  return choiceEntries(
    column,
    choices.filter((c) => chosen.includes(c.value)).map((c) => c.typed),
  );
}

/** A yes/no column's segmented control: '1', '0', NULL_CHOICE, '' for any, or null when the URL picks none of them alone. */
export function flagChoice(api: URLSearchParams, column: string): string | null {
  const conditions = conditionsOn(api, column);
  if (conditions.length === 0) return '';
  const passing = [1, 0, null].filter((v) => satisfies(column, conditions, v));
  if (passing.length !== 1) return null;
  return passing[0] === null ? NULL_CHOICE : String(passing[0]);
}

/** The parameters of a segmented choice ('' is any). */
export function flagEntries(column: string, choice: string): Array<[string, string]> {
  if (choice === '') return [];
  return choiceEntries(column, [choice === NULL_CHOICE ? null : Number(choice)]);
}
