/**
 * Where a frame stands in the ordered results, from counts alone: the API
 * orders by the sort column (NULLs last in both directions), then film, then
 * frame, so the frames before a given one are those with a smaller sort
 * value, plus those with an equal value and a smaller (film, frame). Each
 * returned query is a `_size=0` count; their totals add up to the position.
 * Used when a frame opened from a link is not among the loaded results.
 */
import type { FrameRef } from './url-state';

type Row = FrameRef & Record<string, unknown>;

export function positionQueries(api: URLSearchParams, row: Row): URLSearchParams[] {
  const base = new URLSearchParams(api);
  const asc = base.get('_sort');
  const desc = base.get('_sort_desc');
  for (const name of ['_sort', '_sort_desc', '_offset', '_next', '_facet', '_histogram', '_bins']) base.delete(name);
  base.set('_size', '0');
  const plus = (entries: Array<[string, string]>) => {
    const params = new URLSearchParams(base);
    for (const [name, value] of entries) params.append(name, value);
    return params;
  };
  // `film__exact`, not `film=`: a repeated `film=` would widen the film list instead of narrowing it.
  const withinTie: Array<[string, string]> = [];
  const sameFilm: Array<[string, string]> = [['film__exact', row.film], ['frame__lt', String(row.frame)]];
  const column = asc ?? desc;
  if (column === null) return [plus([['film__lt', row.film]]), plus(sameFilm)];
  const value = row[column];
  if (value === null || value === undefined) {
    withinTie.push([`${column}__isnull`, '1']);
    return [plus([[`${column}__notnull`, '1']]), plus([...withinTie, ['film__lt', row.film]]), plus([...withinTie, ...sameFilm])];
  }
  withinTie.push([`${column}__exact`, String(value)]);
  const before: [string, string] = [`${column}__${desc !== null ? 'gt' : 'lt'}`, String(value)];
  return [plus([before]), plus([...withinTie, ['film__lt', row.film]]), plus([...withinTie, ...sameFilm])];
}
