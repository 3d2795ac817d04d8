/**
 * Made-up face encodings for scale tests and benchmarks: people as random
 * points, each face one person's point plus a little noise, spread like
 * dlib's (about 0.3 between two faces of one person, about 1 between people),
 * so a 0.6 search finds a person's faces and exits early on everyone else's.
 * Seeded: the same arguments give the same faces.
 */
import { seededRandom } from '@/lib/seeded-random';
import { ENCODING_SIZE, type FaceArrays } from './search';

const PERSON_SPREAD = 0.065;
const FACE_NOISE = 0.02;

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** `count` faces of `people` people; face i belongs to person i % people. */
export function syntheticFaces(count: number, people: number, seed = 1): FaceArrays {
  const next = seededRandom(seed);
  const centres = new Float32Array(people * ENCODING_SIZE);
  for (let i = 0; i < centres.length; i++) centres[i] = gaussian(next) * PERSON_SPREAD;
  const encodings = new Float32Array(count * ENCODING_SIZE);
  for (let face = 0; face < count; face++) {
    const centre = (face % people) * ENCODING_SIZE;
    for (let d = 0; d < ENCODING_SIZE; d++) encodings[face * ENCODING_SIZE + d] = centres[centre + d] + gaussian(next) * FACE_NOISE;
  }
  return { count, encodings };
}
