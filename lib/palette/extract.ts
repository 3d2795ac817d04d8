/**
 * A frame's palette: its (at most) five dominant colours in CIELAB with
 * their share of the picture, from a small copy of the JPEG (libvips shrinks
 * a JPEG while decoding it, so this costs a fraction of a full decode), with
 * letterbox bars left out. The copy is decoded as the grid's smallest
 * pre-generated thumbnail is, so the analysis can cache that thumbnail from
 * the same decode.
 */
import sharp from 'sharp';
import { rgbToLab } from '@/lib/color/lab';
import { PREGENERATED_WIDTHS } from '@/lib/thumb-widths';
import { decodeForThumbnail, type DecodedPixels } from '@/lib/thumbnails';
import { dominantColours } from './kmeans';
import { pictureArea } from './letterbox';

/** Colours per palette. The frame_palettes table has this many slots. */
export const PALETTE_SIZE = 5;
/** Width of the copy the palette is computed from; its height keeps the aspect ratio. */
export const ANALYSIS_WIDTH = 64;

export interface PaletteColour {
  l: number;
  a: number;
  b: number;
  /** Fraction of the picture's pixels, 0-1; a palette's shares sum to 1. */
  share: number;
  /** The colour's mean sRGB as six hex digits, for display. */
  hex: string;
}

/** Largest share first. */
export type Palette = PaletteColour[];

function hex(red: number, green: number, blue: number): string {
  return ((Math.round(red) << 16) | (Math.round(green) << 8) | Math.round(blue)).toString(16).padStart(6, '0');
}

/** The palette of the picture in `pixels` (raw sRGB, interleaved): exported for tests that draw their own pixels. */
export function paletteOfPixels(data: Uint8Array, width: number, height: number, channels: number): Palette {
  const area = pictureArea({ data, width, height, channels });
  const n = area.width * area.height;
  const lab = new Float64Array(n * 3);
  const rgb = new Uint8Array(n * 3);
  let p = 0;
  for (let y = area.top; y < area.top + area.height; y++) {
    for (let x = area.left; x < area.left + area.width; x++, p++) {
      const at = (y * width + x) * channels;
      // A grey image has one channel: it stands for all three.
      const red = data[at];
      const green = data[at + (channels >= 3 ? 1 : 0)];
      const blue = data[at + (channels >= 3 ? 2 : 0)];
      const colour = rgbToLab(red, green, blue);
      lab[p * 3] = colour.l;
      lab[p * 3 + 1] = colour.a;
      lab[p * 3 + 2] = colour.b;
      rgb[p * 3] = red;
      rgb[p * 3 + 1] = green;
      rgb[p * 3 + 2] = blue;
    }
  }
  return dominantColours(lab, rgb, n, PALETTE_SIZE).map((cluster) => ({
    l: cluster.l,
    a: cluster.a,
    b: cluster.b,
    share: cluster.count / n,
    hex: hex(cluster.red, cluster.green, cluster.blue),
  }));
}

/** The width of the decode a palette is computed from: pass its pixels to paletteOfDecoded. */
export const PALETTE_DECODE_WIDTH = PREGENERATED_WIDTHS[0];

/** Decodes a JPEG for its palette; throws (naming the file) when sharp cannot decode it. */
export async function decodeForPalette(file: string): Promise<DecodedPixels> {
  try {
    return await decodeForThumbnail(file, PALETTE_DECODE_WIDTH, 'error');
  } catch (error) {
    throw new Error(`${file}: cannot decode the image: ${(error as Error).message}`, { cause: error });
  }
}

/** The palette of pixels from decodeForPalette. */
export async function paletteOfDecoded({ data, info }: DecodedPixels): Promise<Palette> {
  const small = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .resize({ width: ANALYSIS_WIDTH, kernel: 'linear', withoutEnlargement: true })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return paletteOfPixels(small.data, small.info.width, small.info.height, small.info.channels);
}
