/**
 * The browser's whole state lives in the page URL. Filters, sort and colour
 * are written in the API's own query syntax (docs/query-api.md), so the page
 * URL's query minus the UI keys is exactly what is sent to /api/frames. The
 * UI-only state (tile size, overlays, table columns, the open frame) sits
 * under the `view.` prefix, which the API never sees: it rejects unknown `_`
 * parameters, and a `view.` name cannot be mistaken for a column.
 */

export const VIEW_PREFIX = 'view.';

export type ViewMode = 'grid' | 'table';

export interface FrameRef {
  film: string;
  frame: number;
}

export interface ViewState {
  mode: ViewMode;
  /** Target tile width in CSS pixels. */
  tile: number;
  boxes: boolean;
  /** Table columns in display order; null is the default set. */
  cols: string[] | null;
  frame: FrameRef | null;
  /** The current selection's id: what clicks curate and tiles are marked against. */
  sel: number | null;
  /** Palette strips on the tiles. */
  palettes: boolean;
  /** The first result visible in the grid (its scroll position); null at the top. Reset by a change of filters. */
  at: number | null;
}

export const TILE_MIN = 120;
export const TILE_MAX = 480;
export const TILE_DEFAULT = 220;

export const DEFAULT_VIEW: ViewState = { mode: 'grid', tile: TILE_DEFAULT, boxes: true, cols: null, frame: null, sel: null, palettes: false, at: null };

/** Parameters the UI adds per request and never keeps in the page URL. */
const TRANSIENT_API_PARAMS = new Set(['_offset', '_next', '_size', '_facet', '_histogram', '_bins']);

export function formatFrameRef({ film, frame }: FrameRef): string {
  return `${film}:${frame}`;
}

export function parseFrameRef(text: string | null): FrameRef | null {
  if (!text) return null;
  const split = text.lastIndexOf(':');
  const film = text.slice(0, split);
  const frame = Number(text.slice(split + 1));
  if (split <= 0 || !/^\d+$/.test(text.slice(split + 1)) || !Number.isSafeInteger(frame)) return null;
  return { film, frame };
}

function clampTile(raw: string | null): number {
  const n = raw === null ? NaN : Number(raw);
  if (!Number.isFinite(n)) return TILE_DEFAULT;
  return Math.round(Math.min(TILE_MAX, Math.max(TILE_MIN, n)));
}

function parseId(raw: string | null): number | null {
  return raw !== null && /^[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : null;
}

/** A result index: a whole number from 1 (0, the top, is the default and left out). */
const parseIndex = parseId;

export function readView(search: URLSearchParams): ViewState {
  const cols = search.get(`${VIEW_PREFIX}cols`);
  return {
    mode: search.get(`${VIEW_PREFIX}mode`) === 'table' ? 'table' : 'grid',
    tile: clampTile(search.get(`${VIEW_PREFIX}tile`)),
    boxes: search.get(`${VIEW_PREFIX}boxes`) !== '0',
    cols: cols === null ? null : cols.split(',').filter(Boolean),
    frame: parseFrameRef(search.get(`${VIEW_PREFIX}frame`)),
    sel: parseId(search.get(`${VIEW_PREFIX}sel`)),
    palettes: search.get(`${VIEW_PREFIX}palettes`) === '1',
    at: parseIndex(search.get(`${VIEW_PREFIX}at`)),
  };
}

/** The query the API is asked: the page URL without `view.` keys and without per-request paging. */
export function apiParams(search: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [name, value] of search) {
    if (!name.startsWith(VIEW_PREFIX) && !TRANSIENT_API_PARAMS.has(name)) out.append(name, value);
  }
  return out;
}

function viewEntries(view: ViewState): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  if (view.mode !== DEFAULT_VIEW.mode) entries.push(['mode', view.mode]);
  if (view.tile !== DEFAULT_VIEW.tile) entries.push(['tile', String(view.tile)]);
  if (view.boxes !== DEFAULT_VIEW.boxes) entries.push(['boxes', '0']);
  if (view.cols !== null) entries.push(['cols', view.cols.join(',')]);
  if (view.palettes) entries.push(['palettes', '1']);
  if (view.sel !== null) entries.push(['sel', String(view.sel)]);
  if (view.frame !== null) entries.push(['frame', formatFrameRef(view.frame)]);
  if (view.at !== null && view.at > 0) entries.push(['at', String(view.at)]);
  return entries.map(([name, value]) => [VIEW_PREFIX + name, value]);
}

/** Like URLSearchParams.toString, but `:` and `,` stay readable: `film__in=a,b`, `view.frame=film:12`. */
export function queryString(params: URLSearchParams): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/%3A/g, ':').replace(/%2C/g, ',');
  return [...params].map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
}

/** The page query for these API parameters and this view; defaults are left out so links stay short. */
export function pageQuery(api: URLSearchParams, view: ViewState): string {
  const out = new URLSearchParams(api);
  for (const [name, value] of viewEntries(view)) out.append(name, value);
  return queryString(out);
}
