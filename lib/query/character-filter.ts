/**
 * `character=<name>`: frames whose primary face belongs to a face cluster
 * the user named `<name>` in that film (lib/characters/names.ts). Repeated,
 * it means any of the names, as `film=` does. Not a frames column, so it is
 * an entry of its own in the filter registry.
 */
import { checkName } from '@/lib/characters/names';
import { lowerBound } from '@/lib/columnar/frame-columns';
import { emptyMask } from '@/lib/columnar/masks';
import type { Condition } from './condition';
import type { FilterEntry } from './filter-entry';

export const CHARACTER_PARAM = 'character';

const NAMED_CLUSTERS = (count: number) => `SELECT film, cluster FROM character_names WHERE name IN (${Array(count).fill('?').join(', ')})`;

function characterCondition(names: string[]): Condition {
  return {
    sql: `("film", "p_face_cluster") IN (${NAMED_CLUSTERS(names.length)})`,
    params: names,
    description: names.length === 1 ? `character is ${JSON.stringify(names[0])}` : `character in [${names.map((n) => JSON.stringify(n)).join(', ')}]`,
    // Names change without an ingest, so the clusters are read each time (a handful of rows), never kept.
    mask: ({ frames, rows, db }) => {
      const cluster = frames.columns.p_face_cluster;
      const film = frames.columns.film;
      const width = cluster.values.length + 1;
      // One byte per (film, cluster) pair the names cover; clusters are few per film.
      const named = new Uint8Array(film.values.length * width);
      for (const pair of db.prepare(NAMED_CLUSTERS(names.length)).all(...names) as Array<{ film: string; cluster: number }>) {
        const filmCode = rows.filmCodeOf(pair.film);
        const code = lowerBound(cluster.values, pair.cluster);
        if (filmCode !== undefined && code < cluster.values.length && cluster.values[code] === pair.cluster) named[filmCode * width + code] = 1;
      }
      const mask = emptyMask(frames.rows);
      for (let i = 0; i < mask.length; i++) mask[i] = named[film.codes[i] * width + cluster.codes[i]];
      return mask;
    },
  };
}

/** Every `character=` as one condition, or null when there is none. */
export function characterClause(params: URLSearchParams): Condition | null {
  const names = params.getAll(CHARACTER_PARAM).map((raw) => checkName(CHARACTER_PARAM, raw));
  return names.length === 0 ? null : characterCondition(names);
}

export const characterFilter: FilterEntry = {
  params: [CHARACTER_PARAM],
  placement: 'after',
  parse: (params) => [characterClause(params)].filter((c) => c !== null),
};
