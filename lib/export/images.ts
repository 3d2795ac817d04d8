/**
 * The bytes of one exported image: by default the original JPEG, copied
 * unchanged; with resize, greyscale or another format, a new image made by
 * sharp, one at a time (a few hundred KB in memory, never the whole export).
 */
import sharp from 'sharp';
import type { Rect } from './box-transform';
import type { ImageOptions } from './options';

/** JPEG quality for re-encoded frames: visually lossless for training, a third of the original's size. */
export const JPEG_QUALITY = 90;

/** Whether the original bytes can be used as they are. */
export function keepsOriginal(image: ImageOptions): boolean {
  return image.resize === null && !image.grayscale && image.format !== 'png';
}

/**
 * Cut `region` out of the frame (a face crop) when given, resize to exactly
 * width x height with `fit` (cover crops the middle, contain letterboxes in
 * black, fill stretches; inside and outside keep the aspect ratio, so one
 * side may differ), greyscale, then encode. With `expected`, the size the
 * boxes were computed for (box-transform.ts), an image of another size is
 * an error rather than boxes that silently miss their faces.
 */
export async function transformImage(
  file: string,
  image: ImageOptions,
  region: Rect | null = null,
  expected: { width: number; height: number } | null = null,
): Promise<Buffer> {
  let pipeline = sharp(file, { failOn: 'error' });
  // Before resize(), extract() cuts the original frame: the crop's box is in the frame's own pixels.
  if (region) pipeline = pipeline.extract({ left: region.x, top: region.y, width: region.width, height: region.height });
  if (image.resize) {
    pipeline = pipeline.resize(image.resize.width, image.resize.height, { fit: image.resize.fit, background: { r: 0, g: 0, b: 0 } });
  }
  // grayscale() alone still writes three identical channels; b-w makes it one, as Keras' color_mode="grayscale" reads.
  if (image.grayscale) pipeline = pipeline.grayscale().toColourspace('b-w');
  pipeline = image.format === 'png' ? pipeline.png() : pipeline.jpeg({ quality: JPEG_QUALITY });
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  if (expected && (info.width !== expected.width || info.height !== expected.height)) {
    throw new Error(`sharp made a ${info.width}x${info.height} image where ${expected.width}x${expected.height} was computed for its face boxes`);
  }
  return data;
}
