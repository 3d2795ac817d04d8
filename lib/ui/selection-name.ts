/**
 * A name to suggest for a new selection, from every filter a user would
 * recognise: the shot-type preset, the characters, the films, the emotion,
 * the face position, the mouth, the number of faces, the dialogue searched.
 * "Medium close-up, Benoit Blanc, happy, left of centre". Only a suggestion:
 * the dialog lets it be edited, and freeName (curation.ts) keeps it unique.
 */
import { characterLabel, chosenCluster } from './character-choice';
import { faceBucketLabel, selectedFaceBuckets } from './face-count';
import { filmTitle } from './film-title';
import { valuesNamed } from './facet-choices';
import { activePreset } from './shot-presets';

/** The selections' own limit (lib/selections/store.ts MAX_NAME_LENGTH). */
const MAX_LENGTH = 100;

/** The values of a column the URL names (as choices are written: `=`, `__in`, `__in_or_null`, `__isnull`), NULL as `none`. */
function named(api: URLSearchParams, column: string, none: string): string[] {
  return valuesNamed(api, column).map((v) => (v === null ? none : String(v)));
}

export function suggestedName(api: URLSearchParams): string {
  const parts: string[] = [];
  const preset = activePreset(api);
  if (preset) parts.push(preset.label);
  else {
    const faces = selectedFaceBuckets(api);
    if (faces.length > 0) parts.push(`${faces.map(faceBucketLabel).join(' or ')} faces`);
  }
  const cluster = chosenCluster(api);
  if (cluster) parts.push(characterLabel(cluster.film, { cluster: cluster.cluster, name: null }));
  else {
    parts.push(...api.getAll('character'));
    const films = api.getAll('film');
    if (films.length > 0 && films.length <= 2) parts.push(...films.map(filmTitle));
  }
  parts.push(...named(api, 'p_emotion', 'no emotion'));
  parts.push(...named(api, 'p_center_alignment', 'centred').map((side) => (side === 'centred' ? side : `${side} of centre`)));
  const mouth = named(api, 'p_open_mouth', '');
  if (mouth.length === 1 && mouth[0] !== '') parts.push(mouth[0] === '1' ? 'mouth open' : 'mouth closed');
  const search = api.get('_search');
  if (search) parts.push(`“${search.trim()}”`);
  const name = parts.join(', ');
  if (name === '') return 'Selection';
  return name.length <= MAX_LENGTH ? name : `${name.slice(0, MAX_LENGTH - 1).trimEnd()}…`;
}
