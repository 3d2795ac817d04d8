/**
 * Film names as people read them. moviegoer names a film in snake_case,
 * usually ending with its year (`before_sunset_2004`): the sidebar shows
 * "Before Sunset (2004)", and the smallest tiles, where that does not fit, "BS '04".
 */

const YEAR = /_((?:18|19|20)\d\d)$/;

function words(film: string): { words: string[]; year: string | null } {
  const year = YEAR.exec(film)?.[1] ?? null;
  const base = year ? film.slice(0, -year.length - 1) : film;
  return { words: base.split('_').filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)), year };
}

/** `knives_out_2019` -> "Knives Out (2019)"; a name without a year keeps its words only. */
export function filmTitle(film: string): string {
  const { words: w, year } = words(film);
  return year ? `${w.join(' ')} (${year})` : w.join(' ');
}

/** At most `max` characters: the title's initials and year, "KO '19", when the title does not fit. */
export function shortFilmTitle(film: string, max: number): string {
  const full = filmTitle(film);
  if (full.length <= max) return full;
  const { words: w, year } = words(film);
  const initials = w.map((word) => word[0]).join('');
  return year ? `${initials} '${year.slice(2)}` : initials.slice(0, max);
}
