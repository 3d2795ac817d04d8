/**
 * A face cut out of its frame for a small square picture, with CSS
 * background sizing: the whole thumbnail scaled so the face (plus a margin)
 * fills the square, shifted so the face is in the middle.
 */
import type { FaceBox } from './geometry';

export interface Crop {
  /** background-size, in CSS px. */
  width: number;
  height: number;
  /** background-position, in CSS px (zero or negative). */
  x: number;
  y: number;
}

/** `margin` is added around the face on every side, as a fraction of its larger side. */
export function faceCrop([top, right, bottom, left]: FaceBox, natW: number, natH: number, size: number, margin = 0.25): Crop | null {
  const side = Math.max(right - left, bottom - top);
  if (!(side > 0 && natW > 0 && natH > 0 && size > 0)) return null;
  const span = Math.min(side * (1 + 2 * margin), natW, natH);
  const scale = size / span;
  const centreX = (left + right) / 2;
  const centreY = (top + bottom) / 2;
  // The square stays inside the picture, so no empty band shows at an edge.
  const x0 = Math.min(Math.max(0, centreX - span / 2), natW - span);
  const y0 = Math.min(Math.max(0, centreY - span / 2), natH - span);
  return { width: natW * scale, height: natH * scale, x: -x0 * scale, y: -y0 * scale };
}
