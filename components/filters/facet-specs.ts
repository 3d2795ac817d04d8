import type { FacetSpec } from '@/lib/ui/facet-requests';
import { CHARACTER_KEYS, DIALOGUE_KEYS, FACE_KEYS, PALETTE_KEYS } from '@/lib/ui/search-params';
import { SELECTION_FILTER_KEYS } from '@/lib/ui/curation';
import { PRESET_KEYS } from '@/lib/ui/shot-presets';

/** The sidebar groups that show counts: each owns the keys of its own control. */
export const FACET_SPECS = [
  { id: 'films', keys: ['film'], facet: 'film' },
  { id: 'faces', keys: ['faces_found'], facet: 'faces_found' },
  { id: 'primary', keys: ['prim_char_flag'], facet: 'prim_char_flag' },
  { id: 'size', keys: ['p_face_size'], histogram: 'p_face_size' },
  { id: 'emotion', keys: ['p_emotion'], facet: 'p_emotion' },
  { id: 'alignment', keys: ['p_center_alignment'], facet: 'p_center_alignment' },
  { id: 'mouth', keys: ['p_open_mouth'], facet: 'p_open_mouth' },
  { id: 'character', keys: ['p_face_cluster'], facet: 'p_face_cluster' },
  { id: 'brightness', keys: ['brightness'], histogram: 'brightness' },
  { id: 'contrast', keys: ['contrast'], histogram: 'contrast' },
  { id: 'blank', keys: ['blank'], facet: 'blank' },
  { id: 'aspect', keys: ['aspect_ratio'], facet: 'aspect_ratio' },
] as const satisfies readonly FacetSpec[];

export type FacetId = (typeof FACET_SPECS)[number]['id'];

export const COLOUR_KEYS = ['_color', '_color_distance'];
export const SHOT_KEYS = ['shot_id', 'shot_cluster'];
export const SORT_KEYS = ['_sort', '_sort_desc'];

/** Every key a sidebar control shows; any other parameter is listed under "Other conditions". */
export const SIDEBAR_KEYS: readonly string[] = [
  ...new Set([...FACET_SPECS.flatMap((s) => s.keys), ...PRESET_KEYS, ...COLOUR_KEYS, ...SHOT_KEYS, ...PALETTE_KEYS, ...FACE_KEYS, ...DIALOGUE_KEYS, ...CHARACTER_KEYS, ...SELECTION_FILTER_KEYS]),
];
