/**
 * `character=<name>`: frames whose primary face belongs to a face cluster
 * the user named `<name>` in that film (lib/characters/names.ts). Repeated,
 * it means any of the names, as `film=` does. Not a frames column, so the
 * filter registry hands it here, like `film`.
 */
import { checkName } from '@/lib/characters/names';

export const CHARACTER_PARAM = 'character';

export interface CharacterClause {
  sql: string;
  params: string[];
  description: string;
}

/** Every `character=` as one WHERE condition, or null when there is none. */
export function characterClause(params: URLSearchParams): CharacterClause | null {
  const names = params.getAll(CHARACTER_PARAM).map((raw) => checkName(CHARACTER_PARAM, raw));
  if (names.length === 0) return null;
  return {
    sql: `("film", "p_face_cluster") IN (SELECT film, cluster FROM character_names WHERE name IN (${names.map(() => '?').join(', ')}))`,
    params: names,
    description: names.length === 1 ? `character is ${JSON.stringify(names[0])}` : `character in [${names.map((n) => JSON.stringify(n)).join(', ')}]`,
  };
}
