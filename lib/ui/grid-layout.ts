/**
 * The grid's geometry, and paging for result sets too tall for one element.
 * Chromium stops growing an element near 33.5M px (Firefox near 17.9M), so a
 * scrolling list of 1M frames cannot be one spacer. Results are split into
 * pages of whole rows whose height stays under MAX_PAGE_PX; within a page the
 * rows are virtualized, and a pager moves between pages.
 */

export const TILE_GAP = 12;
export const CAPTION_HEIGHT = 38;
/** Tiles are 16:9 boxes; wider pictures (2.39:1) are letterboxed inside them. */
export const TILE_ASPECT = 16 / 9;
export const MAX_PAGE_PX = 15_000_000;
export const TABLE_ROW_HEIGHT = 44;

export interface GridLayout {
  cols: number;
  tileWidth: number;
  imageHeight: number;
  rowHeight: number;
  /** Frames per page: a whole number of rows. */
  pageSize: number;
}

export function gridLayout(containerWidth: number, targetTile: number): GridLayout {
  const width = Math.max(containerWidth, targetTile);
  const cols = Math.max(1, Math.floor((width + TILE_GAP) / (targetTile + TILE_GAP)));
  const tileWidth = (width - TILE_GAP * (cols - 1)) / cols;
  const imageHeight = tileWidth / TILE_ASPECT;
  const rowHeight = imageHeight + CAPTION_HEIGHT + TILE_GAP;
  return { cols, tileWidth, imageHeight, rowHeight, pageSize: Math.floor(MAX_PAGE_PX / rowHeight) * cols };
}

export function tablePageSize(rowHeight = TABLE_ROW_HEIGHT): number {
  return Math.floor(MAX_PAGE_PX / rowHeight);
}

export interface Page {
  index: number;
  count: number;
  start: number;
  size: number;
}

/** Page `index` (clamped) of `total` frames in pages of `pageSize`. */
export function pageOf(total: number, pageSize: number, index: number): Page {
  const count = Math.max(1, Math.ceil(total / pageSize));
  const clamped = Math.min(Math.max(0, index), count - 1);
  const start = clamped * pageSize;
  return { index: clamped, count, start, size: Math.max(0, Math.min(pageSize, total - start)) };
}
