/**
 * Finds the picture inside letterbox (top and bottom) and pillarbox (left
 * and right) bars, so a palette describes the film's picture and not the
 * black around it. Bars are centred, so a run of dark rows counts as bars
 * only when there is one at both edges; a wholly dark frame (a fade) keeps
 * everything, and its palette is black.
 */

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A bar pixel: every channel at most this (JPEG noise keeps pure black a few levels above 0). */
const BAR_LEVEL = 28;
/** Bars never take more than this share of the frame in total; more is a dark picture, not bars. */
const MAX_BARS = 0.5;

function darkLine(image: RawImage, start: number, step: number, count: number): boolean {
  const { data, channels } = image;
  for (let i = 0, p = start; i < count; i++, p += step) {
    for (let c = 0; c < channels; c++) if (data[p + c] > BAR_LEVEL) return false;
  }
  return true;
}

/**
 * The lengths of the dark runs at both ends of one axis, or [0, 0] when they
 * are not bars. The line next to each bar blends bar and picture in the
 * downscaled copy, so it is dropped with the bar.
 */
function bars(length: number, isDark: (index: number) => boolean): [number, number] {
  let before = 0;
  while (before < length && isDark(before)) before++;
  let after = 0;
  while (after < length - before && isDark(length - 1 - after)) after++;
  if (before === 0 || after === 0 || before + after > length * MAX_BARS) return [0, 0];
  const trimmed: [number, number] = [before + 1, after + 1];
  return trimmed[0] + trimmed[1] < length ? trimmed : [before, after];
}

/** The picture's rectangle: the whole image when it has no bars. */
export function pictureArea(image: RawImage): Rect {
  const { width, height, channels } = image;
  const row = width * channels;
  const [top, bottom] = bars(height, (y) => darkLine(image, y * row, channels, width));
  const innerHeight = height - top - bottom;
  const [left, right] = bars(width, (x) => darkLine(image, top * row + x * channels, row, innerHeight));
  return { left, top, width: width - left - right, height: innerHeight };
}
