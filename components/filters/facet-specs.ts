import type { FacetSpec } from '@/lib/ui/facet-requests';
import { CHARACTER_KEYS, DIALOGUE_KEYS, FACE_KEYS, PALETTE_KEYS } from '@/lib/ui/search-params';
import { SELECTION_FILTER_KEYS } from '@/lib/ui/curation';
import { PRESET_KEYS } from '@/lib/ui/shot-presets';

type Shape = FacetSpec & { title: string } & (
    | { kind: 'films' | 'faces' | 'characters' }
    | { kind: 'flag'; yes: string; no: string; none: string }
    | { kind: 'range'; step: number; unit: string }
    | { kind: 'choice'; none: string; format?: 'ratio' }
  );

/**
 * The sidebar's groups over frame columns, in their order: each owns the keys
 * of its own control, and those with a facet or histogram show live counts.
 * `none` names the group's NULL bucket (what a missing value means there),
 * listed and selectable like any value.
 */
export const FACET_SPECS = [
  { id: 'films', title: 'Films', kind: 'films', keys: ['film'], facet: 'film' },
  { id: 'faces', title: 'Number of faces', kind: 'faces', keys: ['faces_found'], facet: 'faces_found' },
  { id: 'primary', title: 'Primary character', kind: 'flag', keys: ['prim_char_flag'], facet: 'prim_char_flag', yes: 'Yes', no: 'No', none: 'Unknown' },
  { id: 'size', title: 'Primary face size', kind: 'range', keys: ['p_face_size'], histogram: 'p_face_size', step: 0.1, unit: '%' },
  { id: 'emotion', title: 'Emotion', kind: 'choice', keys: ['p_emotion'], facet: 'p_emotion', none: 'no emotion' },
  { id: 'alignment', title: 'Left / right of centre', kind: 'choice', keys: ['p_center_alignment'], facet: 'p_center_alignment', none: 'centred or no face' },
  { id: 'mouth', title: 'Mouth', kind: 'flag', keys: ['p_open_mouth'], facet: 'p_open_mouth', yes: 'Open', no: 'Closed', none: 'No face' },
  { id: 'characters', title: 'Characters', kind: 'characters', keys: ['p_face_cluster', ...CHARACTER_KEYS] },
  { id: 'brightness', title: 'Brightness', kind: 'range', keys: ['brightness'], histogram: 'brightness', step: 1, unit: '' },
  { id: 'contrast', title: 'Contrast', kind: 'range', keys: ['contrast'], histogram: 'contrast', step: 1, unit: '' },
  { id: 'blank', title: 'Blank frames', kind: 'choice', keys: ['blank'], facet: 'blank', none: 'not blank' },
  { id: 'aspect', title: 'Aspect ratio', kind: 'choice', keys: ['aspect_ratio'], facet: 'aspect_ratio', none: 'unknown', format: 'ratio' },
] as const satisfies readonly Shape[];

export type SidebarSpec = (typeof FACET_SPECS)[number];
export type FacetId = SidebarSpec['id'];
export type SpecOf<K extends SidebarSpec['kind']> = Extract<SidebarSpec, { kind: K }>;

export const COLOUR_KEYS = ['_color', '_color_distance'];
export const SHOT_KEYS = ['shot_id', 'shot_cluster'];
export const SORT_KEYS = ['_sort', '_sort_desc'];

/** Every key a sidebar control shows; any other parameter is listed under "Other conditions". */
export const SIDEBAR_KEYS: readonly string[] = [
  ...new Set([...FACET_SPECS.flatMap((s) => s.keys), ...PRESET_KEYS, ...COLOUR_KEYS, ...SHOT_KEYS, ...PALETTE_KEYS, ...FACE_KEYS, ...DIALOGUE_KEYS, ...SELECTION_FILTER_KEYS]),
];
