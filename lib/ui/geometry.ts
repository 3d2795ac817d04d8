/**
 * Where an image and its face boxes land on screen. Face boxes are in the
 * original JPEG's pixels; letterbox bars are part of the JPEG, so a box is
 * scaled by the JPEG's own size, within the rectangle `object-fit: contain`
 * draws the image in.
 */
import { THUMB_WIDTHS } from '@/lib/thumb-widths';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** [top, right, bottom, left], face_recognition's order. */
export type FaceBox = readonly [number, number, number, number];

/** The rectangle an image of natural size natW x natH occupies in a boxW x boxH box with `object-fit: contain`. */
export function containRect(boxW: number, boxH: number, natW: number, natH: number): Rect {
  if (!(boxW > 0 && boxH > 0 && natW > 0 && natH > 0)) return { left: 0, top: 0, width: 0, height: 0 };
  const scale = Math.min(boxW / natW, boxH / natH);
  const width = natW * scale;
  const height = natH * scale;
  return { left: (boxW - width) / 2, top: (boxH - height) / 2, width, height };
}

/** A face box in the same coordinates as `image`, the drawn rectangle of a natW x natH JPEG. */
export function faceRect([top, right, bottom, left]: FaceBox, image: Rect, natW: number, natH: number): Rect {
  const sx = image.width / natW;
  const sy = image.height / natH;
  return { left: image.left + left * sx, top: image.top + top * sy, width: (right - left) * sx, height: (bottom - top) * sy };
}


/** The smallest thumbnail at least as wide as the tile's device pixels; the largest when none is. */
export function thumbWidth(cssWidth: number, devicePixelRatio: number): number {
  const needed = cssWidth * (devicePixelRatio > 0 ? devicePixelRatio : 1);
  return THUMB_WIDTHS.find((w) => w >= needed) ?? THUMB_WIDTHS[THUMB_WIDTHS.length - 1];
}
