import { faceRect, type FaceBox, type Rect } from '@/lib/ui/geometry';

interface Props {
  faces: readonly FaceBox[];
  /** Where the image is drawn, in the overlay's coordinates (see containRect). */
  image: Rect;
  /** The JPEG's own size: face boxes are in its pixels. */
  naturalWidth: number;
  naturalHeight: number;
  /** Face 0 is the primary character's when the frame has one. */
  primary: boolean;
  compact?: boolean;
}

/** Face boxes drawn over an image; the primary character's face in its own colour, labelled. */
export function FaceBoxes({ faces, image, naturalWidth, naturalHeight, primary, compact = false }: Props) {
  if (faces.length === 0 || image.width === 0) return null;
  return (
    <div className={`faces${compact ? ' compact' : ''}`} aria-hidden="true">
      {faces.map((face, i) => {
        const r = faceRect(face, image, naturalWidth, naturalHeight);
        const isPrimary = primary && i === 0;
        return (
          <div
            key={i}
            className={`face${isPrimary ? ' primary' : ''}`}
            data-face={i}
            style={{ left: r.left, top: r.top, width: r.width, height: r.height }}
          >
            {isPrimary && <span className="face-label">primary</span>}
          </div>
        );
      })}
    </div>
  );
}
