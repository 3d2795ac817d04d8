import { describe, expect, it } from 'vitest';
import { faceCrop } from '@/lib/ui/face-crop';

describe('faceCrop', () => {
  it('scales the picture so the face and its margin fill the square, centred on the face', () => {
    // A 100 px face at (400..500, 200..300) in a 1000 x 500 picture; with 25 % margins the square spans 150 px.
    const crop = faceCrop([200, 500, 300, 400], 1000, 500, 60);
    expect(crop).not.toBeNull();
    const scale = 60 / 150;
    expect(crop!.width).toBeCloseTo(1000 * scale, 9);
    expect(crop!.height).toBeCloseTo(500 * scale, 9);
    expect(crop!.x).toBeCloseTo(-375 * scale, 9);
    expect(crop!.y).toBeCloseTo(-175 * scale, 9);
  });

  it('keeps the square inside the picture for a face at its edge', () => {
    const crop = faceCrop([0, 100, 80, 0], 1000, 500, 50)!;
    expect(crop.x).toBeCloseTo(0, 9);
    expect(crop.y).toBeCloseTo(0, 9);
    const right = faceCrop([400, 1000, 500, 900], 1000, 500, 50)!;
    // The square's right and bottom edges are the picture's.
    expect(right.x - 50).toBeCloseTo(-right.width, 9);
    expect(right.y - 50).toBeCloseTo(-right.height, 9);
  });

  it('gives nothing for an empty face or picture', () => {
    expect(faceCrop([10, 10, 10, 10], 100, 100, 40)).toBeNull();
    expect(faceCrop([0, 10, 10, 0], 0, 100, 40)).toBeNull();
  });
});
