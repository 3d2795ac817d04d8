'use client';

import { faceCrop } from '@/lib/ui/face-crop';
import { thumbWidth, type FaceBox } from '@/lib/ui/geometry';
import { useDevicePixelRatio } from '../use-device-pixel-ratio';

const SIZE = 56;

/** A face cut out of its frame's thumbnail, as a small square; without a label it is decoration beside text saying whose it is. */
export function FaceCrop({
  film,
  frame,
  box,
  width,
  height,
  label,
  size = SIZE,
}: {
  film: string;
  frame: number;
  box: FaceBox;
  width: number;
  height: number;
  label?: string;
  size?: number;
}) {
  const dpr = useDevicePixelRatio();
  const crop = faceCrop(box, width, height, size);
  if (!crop) return null;
  const thumb = thumbWidth(crop.width, dpr);
  return (
    <span
      className="face-crop"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      style={{
        width: size,
        height: size,
        backgroundImage: `url(/api/frames/${encodeURIComponent(film)}/${frame}/thumb?w=${thumb})`,
        backgroundSize: `${crop.width}px ${crop.height}px`,
        backgroundPosition: `${crop.x}px ${crop.y}px`,
      }}
    />
  );
}
