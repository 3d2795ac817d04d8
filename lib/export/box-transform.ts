/**
 * Where a face box lands in an exported image: through the face crop (if
 * any), then the resize with its fit, worked out without decoding a pixel so
 * that metadata, COCO annotations and shard JSON can be written in any order.
 * The arithmetic is sharp's own (src/pipeline.cc and ResolveShrink,
 * CalculateCrop, CalculateEmbedPosition in src/common.cc, sharp 0.35), and a
 * test draws boxes into real images and finds them again after sharp's
 * resize. Greyscale and PNG move no pixel.
 */
import type { FitMode } from './options';

/** A box in pixel edges: x, y of its top-left corner, its width and height (COCO's [x, y, width, height]). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** face_recognition's box, as the faces table holds it. */
export interface FaceBox {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Resize {
  width: number;
  height: number;
  fit: FitMode;
}

/**
 * How a resize maps the source: a point (x, y) of the source goes to
 * (x * scaleX + dx, y * scaleY + dy) in an image of width x height.
 */
export interface ResizeGeometry {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
  dx: number;
  dy: number;
}

/** libvips' VIPS_ROUND_UINT: how vips_resize sizes its output. */
const roundHalfUp = (value: number) => Math.floor(value + 0.5);

/** The output size and mapping of sharp's resize(width, height, { fit }) on a width x height image (no resize: identity). */
export function resizeGeometry(inWidth: number, inHeight: number, resize: Resize | null): ResizeGeometry {
  if (resize === null) return { width: inWidth, height: inHeight, scaleX: 1, scaleY: 1, dx: 0, dy: 0 };
  let hshrink = inWidth / resize.width;
  let vshrink = inHeight / resize.height;
  if (resize.fit === 'cover' || resize.fit === 'outside') hshrink = vshrink = Math.min(hshrink, vshrink);
  else if (resize.fit === 'contain' || resize.fit === 'inside') hshrink = vshrink = Math.max(hshrink, vshrink);
  // sharp never shrinks an axis below one pixel.
  hshrink = Math.min(hshrink, inWidth);
  vshrink = Math.min(vshrink, inHeight);
  const resizedWidth = hshrink === 1 ? inWidth : roundHalfUp(inWidth / hshrink);
  const resizedHeight = vshrink === 1 ? inHeight : roundHalfUp(inHeight / vshrink);
  const scaleX = 1 / hshrink;
  const scaleY = 1 / vshrink;
  if (resize.fit === 'cover') {
    // CalculateCrop, centre gravity: integer division, the odd pixel cut on the left/top.
    const width = Math.min(resizedWidth, resize.width);
    const height = Math.min(resizedHeight, resize.height);
    const left = Math.floor((resizedWidth - width + 1) / 2);
    const top = Math.floor((resizedHeight - height + 1) / 2);
    return { width, height, scaleX, scaleY, dx: -left, dy: -top };
  }
  if (resize.fit === 'contain') {
    // CalculateEmbedPosition, centre: the odd pixel of padding goes right/bottom.
    const width = Math.max(resizedWidth, resize.width);
    const height = Math.max(resizedHeight, resize.height);
    return { width, height, scaleX, scaleY, dx: Math.floor((width - resizedWidth) / 2), dy: Math.floor((height - resizedHeight) / 2) };
  }
  return { width: resizedWidth, height: resizedHeight, scaleX, scaleY, dx: 0, dy: 0 };
}

/** The part of `rect` inside [0, width] x [0, height], or null when nothing of it is. */
export function clipRect(rect: Rect, width: number, height: number): Rect | null {
  const x0 = Math.max(0, rect.x);
  const y0 = Math.max(0, rect.y);
  const x1 = Math.min(width, rect.x + rect.width);
  const y1 = Math.min(height, rect.y + rect.height);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A face box as a Rect, clipped to its frame (detectors report boxes reaching past the edges); null if none of it is inside. */
export function faceRect(face: FaceBox, frameWidth: number, frameHeight: number): Rect | null {
  return clipRect({ x: face.left, y: face.top, width: face.right - face.left, height: face.bottom - face.top }, frameWidth, frameHeight);
}

/**
 * The region of the frame a face crop takes: the box grown by `margin` of
 * its width (height) on the left and right (top and bottom), clipped to the
 * frame, on whole pixels (sharp's extract takes integers), outwards.
 */
export function cropRegion(face: Rect, margin: number, frameWidth: number, frameHeight: number): Rect {
  const x0 = Math.max(0, Math.floor(face.x - margin * face.width));
  const y0 = Math.max(0, Math.floor(face.y - margin * face.height));
  const x1 = Math.min(frameWidth, Math.ceil(face.x + face.width + margin * face.width));
  const y1 = Math.min(frameHeight, Math.ceil(face.y + face.height + margin * face.height));
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

/** What an exported image is made of: the frame's region it shows (the whole frame, or a crop) and the resize applied to it. */
export interface ImageGeometry {
  region: Rect;
  resize: ResizeGeometry;
}

export function imageGeometry(region: Rect, resize: Resize | null): ImageGeometry {
  return { region, resize: resizeGeometry(region.width, region.height, resize) };
}

/**
 * A box of the original frame in the exported image: cut to the region,
 * scaled and moved by the resize, cut to the output image. null when
 * nothing of it is left (the caller counts it as dropped).
 */
export function mapRect(box: Rect, geometry: ImageGeometry): Rect | null {
  const { region, resize } = geometry;
  const inRegion = clipRect({ ...box, x: box.x - region.x, y: box.y - region.y }, region.width, region.height);
  if (inRegion === null) return null;
  const moved: Rect = {
    x: inRegion.x * resize.scaleX + resize.dx,
    y: inRegion.y * resize.scaleY + resize.dy,
    width: inRegion.width * resize.scaleX,
    height: inRegion.height * resize.scaleY,
  };
  return clipRect(moved, resize.width, resize.height);
}

/** Box coordinates as written in the exports: pixels to 1/100. */
export function roundedBox(rect: Rect): [number, number, number, number] {
  const r = (value: number) => Math.round(value * 100) / 100;
  return [r(rect.x), r(rect.y), r(rect.width), r(rect.height)];
}
