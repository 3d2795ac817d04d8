/**
 * The search filters of docs/search.md as the sidebar and the frame view
 * read and write them: palette (`_palette`, `_palette_like`,
 * `_palette_tolerance`), face (`_face_like`, `_face_distance`, with `film=`
 * as its scope), dialogue (`_search`, `_searchmode`) and `character`.
 * Each control replaces its own keys (replaceKeys in filter-params.ts) and
 * leaves every other filter as it was.
 */
import { parseFrameRef, type FrameRef } from './url-state';

export const PALETTE_KEYS = ['_palette', '_palette_tolerance', '_palette_like'] as const;
export const FACE_KEYS = ['_face_like', '_face_distance'] as const;
export const DIALOGUE_KEYS = ['_search', '_searchmode'] as const;
export const CHARACTER_KEYS = ['character'] as const;

export const MAX_PALETTE_COLOURS = 5;
/** The API's defaults (DEFAULT_PALETTE_TOLERANCE, DEFAULT_FACE_DISTANCE), repeated so the UI stays free of server code. */
export const DEFAULT_PALETTE_TOLERANCE = 10;
export const DEFAULT_FACE_DISTANCE = 0.6;

type Entries = Array<[string, string]>;

export interface PaletteFilter {
  /** Six lowercase hex digits each, no `#`. */
  colours: string[];
  tolerance: number | null;
  like: FrameRef | null;
}

const HEX = /^#?([0-9a-f]{6})$/i;

/** `#FF8800` or `ff8800` -> `ff8800`; null for anything else. */
export function normaliseHex(text: string): string | null {
  const match = HEX.exec(text.trim());
  return match ? match[1].toLowerCase() : null;
}

export function readPaletteFilter(api: URLSearchParams): PaletteFilter {
  const raw = api.get('_palette');
  const tolerance = api.get('_palette_tolerance');
  return {
    colours: raw === null ? [] : raw.split(',').map(normaliseHex).filter((hex): hex is string => hex !== null),
    tolerance: tolerance === null || !Number.isFinite(Number(tolerance)) ? null : Number(tolerance),
    like: parseFrameRef(api.get('_palette_like')),
  };
}

/**
 * The palette parameters for a filter. The tolerance is written only with
 * something to measure from: the API refuses it alone.
 */
export function paletteEntries({ colours, tolerance, like }: PaletteFilter): Entries {
  const entries: Entries = [];
  const kept = colours.slice(0, MAX_PALETTE_COLOURS);
  if (kept.length > 0) entries.push(['_palette', kept.join(',')]);
  if (like) entries.push(['_palette_like', `${like.film}:${like.frame}`]);
  if (entries.length > 0 && tolerance !== null) entries.push(['_palette_tolerance', String(tolerance)]);
  return entries;
}

export interface FaceRef extends FrameRef {
  /** 0 is the primary face, as in the frame's `faces`. */
  face: number;
}

export interface FaceSearch {
  face: FaceRef;
  distance: number;
}

export function readFaceSearch(api: URLSearchParams): FaceSearch | null {
  const raw = api.get('_face_like');
  if (raw === null) return null;
  const split = raw.lastIndexOf(':');
  const frame = parseFrameRef(raw.slice(0, split));
  const face = raw.slice(split + 1);
  if (split <= 0 || !frame || !/^\d{1,3}$/.test(face)) return null;
  const distance = Number(api.get('_face_distance') ?? DEFAULT_FACE_DISTANCE);
  return { face: { ...frame, face: Number(face) }, distance: Number.isFinite(distance) ? distance : DEFAULT_FACE_DISTANCE };
}

/** Where a face search looks: the face's own film, every film, or some other choice of films (from the Films group). */
export type FaceScope = 'film' | 'all' | 'other';

export function faceScope(api: URLSearchParams, film: string): FaceScope {
  const films = api.getAll('film');
  if (films.length === 0) return 'all';
  return films.length === 1 && films[0] === film ? 'film' : 'other';
}

/**
 * "More of this person": the keys to replace and their new parameters. The
 * scope is `film=`, which the face search reads as the films to search:
 * `film` narrows to the face's film, `all` removes every film condition, and
 * `other` keeps the films chosen in the sidebar.
 */
export function faceSearchChange(search: FaceSearch, scope: FaceScope): { keys: string[]; entries: Entries } {
  const { film, frame, face } = search.face;
  const entries: Entries = [
    ['_face_like', `${film}:${frame}:${face}`],
    ['_face_distance', String(search.distance)],
  ];
  if (scope === 'other') return { keys: [...FACE_KEYS], entries };
  if (scope === 'film') entries.push(['film', film]);
  return { keys: [...FACE_KEYS, 'film'], entries };
}

export interface DialogueSearch {
  text: string;
  raw: boolean;
}

export function readDialogueSearch(api: URLSearchParams): DialogueSearch | null {
  const text = api.get('_search');
  return text === null ? null : { text, raw: api.get('_searchmode') === 'raw' };
}

/** `_search` (and `_searchmode=raw`), or nothing for blank text. */
export function dialogueEntries(text: string, raw: boolean): Entries {
  if (text.trim() === '') return [];
  return raw ? [['_search', text], ['_searchmode', 'raw']] : [['_search', text.trim()]];
}
