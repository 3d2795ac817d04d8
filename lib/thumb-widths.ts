/**
 * The thumbnail route's fixed widths: a ladder, so the disk cache stays
 * bounded and the browser picks the smallest width covering a tile's device
 * pixels. Free of sharp, so the UI can import it too.
 */
export const THUMB_WIDTHS = [160, 240, 320, 480, 640, 960, 1280] as const;
export type ThumbWidth = (typeof THUMB_WIDTHS)[number];

/**
 * The widths the grid asks for at its default tile size on a 1x screen (the
 * tile grows from 220 to about 290 CSS px to fill the window's width): the
 * palette analysis makes these from the decode it does anyway, so the first
 * look at analysed frames is served from the cache. The smallest is the
 * decode the palette is computed from.
 */
export const PREGENERATED_WIDTHS = [240, 320] as const satisfies readonly ThumbWidth[];
