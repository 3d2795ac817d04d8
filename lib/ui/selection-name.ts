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
import { conditionsOn, satisfies } from './filter-params';
import { activePreset } from './shot-presets';

/** The selections' own limit (lib/selections/store.ts MAX_NAME_LENGTH). */
const MAX_LENGTH = 100;
const EMOTIONS = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'];

/** The values of a text column the URL selects, or [] when it does not filter it (or selects them all). */
function chosen(api: URLSearchParams, column: string, values: readonly (string | number | null)[], none: string): string[] {
  const conditions = conditionsOn(api, column);
  if (conditions.length === 0) return [];
  const passing = values.filter((v) => satisfies(column, conditions, v));
  if (passing.length === values.length) return [];
  return passing.map((v) => (v === null ? none : String(v)));
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
  parts.push(...chosen(api, 'p_emotion', [...EMOTIONS, null], 'no emotion'));
  parts.push(...chosen(api, 'p_center_alignment', ['left', 'right', null], 'centred').map((side) => (side === 'centred' ? side : `${side} of centre`)));
  const mouth = chosen(api, 'p_open_mouth', [1, 0], '');
  if (mouth.length === 1) parts.push(mouth[0] === '1' ? 'mouth open' : 'mouth closed');
  const search = api.get('_search');
  if (search) parts.push(`“${search.trim()}”`);
  const name = parts.join(', ');
  if (name === '') return 'Selection';
  return name.length <= MAX_LENGTH ? name : `${name.slice(0, MAX_LENGTH - 1).trimEnd()}…`;
}
