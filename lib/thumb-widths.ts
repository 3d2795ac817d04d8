/**
 * The thumbnail route's fixed widths: a ladder, so the disk cache stays
 * bounded and the browser picks the smallest width covering a tile's device
 * pixels. Free of sharp, so the UI can import it too.
 */
export const THUMB_WIDTHS = [160, 240, 320, 480, 640, 960, 1280] as const;
export type ThumbWidth = (typeof THUMB_WIDTHS)[number];
