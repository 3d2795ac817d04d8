/**
 * One-click shot types, defined on the primary face's share of the frame
 * (`p_face_size`, % of the frame's area) the way the seed notebook defines
 * its medium close-up (`prim_char_flag == 1 and 4 < face_sizes[0] < 20`).
 * The four face-size presets partition the frames with a primary character:
 * wide (<= 1%), medium (1-4%], medium close-up (4-20%), close-up (>= 20%).
 */
import { entriesOf, replaceKeys } from './filter-params';

export interface ShotPreset {
  id: string;
  label: string;
  about: string;
  entries: ReadonlyArray<readonly [string, string]>;
}

export const SHOT_PRESETS: readonly ShotPreset[] = [
  {
    id: 'close-up',
    label: 'Close-up',
    about: 'a primary character whose face fills 20% of the frame or more',
    entries: [['prim_char_flag', '1'], ['p_face_size__gte', '20']],
  },
  {
    id: 'medium-close-up',
    label: 'Medium close-up',
    about: "the seed's medium close-up: a primary face over 4% and under 20% of the frame",
    entries: [['prim_char_flag', '1'], ['p_face_size__gt', '4'], ['p_face_size__lt', '20']],
  },
  {
    id: 'medium',
    label: 'Medium shot',
    about: 'a primary face over 1% and up to 4% of the frame: head to waist',
    entries: [['prim_char_flag', '1'], ['p_face_size__gt', '1'], ['p_face_size__lte', '4']],
  },
  {
    id: 'wide',
    label: 'Wide shot',
    about: 'a primary character whose face is 1% of the frame or less: whole figures in their surroundings',
    entries: [['prim_char_flag', '1'], ['p_face_size__lte', '1']],
  },
  {
    id: 'no-faces',
    label: 'No faces',
    about: 'no face detected: establishing shots, landscapes, inserts',
    entries: [['faces_found', '0']],
  },
];

/** The keys every preset replaces, so choosing one never leaves a contradicting condition behind. */
export const PRESET_KEYS = ['prim_char_flag', 'p_face_size', 'faces_found'] as const;

export function applyPreset(params: URLSearchParams, preset: ShotPreset | null): URLSearchParams {
  return replaceKeys(params, PRESET_KEYS, preset ? preset.entries : []);
}

function key([name, value]: readonly [string, string]): string {
  return `${name}=${value}`;
}

/** The preset the URL's conditions on PRESET_KEYS are exactly, if any. */
export function activePreset(params: URLSearchParams): ShotPreset | null {
  const current = entriesOf(params, PRESET_KEYS).map(key).sort().join('&');
  return SHOT_PRESETS.find((preset) => preset.entries.map(key).sort().join('&') === current) ?? null;
}
