/**
 * "More frames of this person" on the demo library's real face encodings:
 * the scan's answer equals a brute-force pass over every stored encoding;
 * `film=` narrows it; a re-ingested film is reloaded; the filter's clause,
 * sentence and errors. Plus the scan on synthetic faces at a larger size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENCODING_SIZE, faceEncoding, scanFaces, searchFaces } from '@/lib/faces/search';
import { syntheticFaces } from '@/lib/faces/synthetic';
import { QueryError } from '@/lib/errors';
import { faceLikeClause } from '@/lib/query/face-filter';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

interface StoredFace {
  film: string;
  frame: number;
  face_index: number;
  encoding: Float32Array;
}

let demo: DemoDatabase;
let faces: StoredFace[];

beforeAll(async () => {
  demo = await demoDatabase('face-search');
  const rows = demo.db.prepare('SELECT film, frame, face_index, encoding FROM faces WHERE encoding IS NOT NULL').all() as Array<Omit<StoredFace, 'encoding'> & { encoding: Buffer }>;
  faces = rows.map((row) => ({ ...row, encoding: new Float32Array(Float32Array.from({ length: ENCODING_SIZE }, (_, d) => row.encoding.readFloatLE(d * 4))) }));
});
afterAll(() => demo.cleanup());

function distance(p: Float32Array, q: Float32Array): number {
  let sum = 0;
  for (let d = 0; d < ENCODING_SIZE; d++) sum += (p[d] - q[d]) ** 2;
  return Math.sqrt(sum);
}

function bruteForce(target: Float32Array, limit: number, films?: string[]) {
  return faces
    .filter((f) => !films || films.includes(f.film))
    .map((f) => ({ film: f.film, frame: f.frame, faceIndex: f.face_index, distance: distance(f.encoding, target) }))
    .filter((m) => m.distance <= limit)
    .sort((p, q) => p.distance - q.distance || (p.film < q.film ? -1 : p.film > q.film ? 1 : p.frame - q.frame || p.faceIndex - q.faceIndex));
}

describe('searchFaces', () => {
  it('finds exactly the faces a brute-force pass finds, nearest first', () => {
    expect(faces.length).toBeGreaterThan(900);
    let compared = 0;
    for (const probe of [faces[0], faces[101], faces[457], faces[faces.length - 1]]) {
      for (const limit of [0.3, 0.6, 0.9]) {
        const found = searchFaces(demo.db, probe.encoding, limit);
        const expected = bruteForce(probe.encoding, limit);
        expect(found.matches.map(({ distance, ...key }) => key)).toEqual(expected.map(({ distance, ...key }) => key));
        found.matches.forEach((m, i) => expect(m.distance).toBeCloseTo(expected[i].distance, 6));
        expect(found.matches[0]).toMatchObject({ film: probe.film, frame: probe.frame, faceIndex: probe.face_index, distance: 0 });
        expect(found.scanned).toBe(faces.length);
        compared += expected.length;
      }
    }
    // The limits matter: some faces within 0.9 are not within 0.6.
    expect(bruteForce(faces[0].encoding, 0.9).length).toBeGreaterThan(bruteForce(faces[0].encoding, 0.6).length);
    expect(compared).toBeGreaterThan(100);
  });

  it('searches only the films named', () => {
    const probe = faces.find((f) => f.film === 'the_hustle_2019')!;
    const found = searchFaces(demo.db, probe.encoding, 2, ['knives_out_2019']);
    expect(found.matches.length).toBe(faces.filter((f) => f.film === 'knives_out_2019').length);
    expect(found.scanned).toBe(found.matches.length);
    expect(new Set(found.matches.map((m) => m.film))).toEqual(new Set(['knives_out_2019']));
  });

  it('reloads a film whose ingest changed, and only then', () => {
    const probe = faces.find((f) => f.film === 'before_sunset_2004')!;
    const other = faces.find((f) => f.film === 'knives_out_2019' && distance(f.encoding, probe.encoding) > 0.6)!;
    const found = () => searchFaces(demo.db, probe.encoding, 0.01).matches.map((m) => `${m.film}:${m.frame}:${m.faceIndex}`);
    expect(found()).toEqual([`${probe.film}:${probe.frame}:${probe.face_index}`]);
    const save = demo.db.prepare('UPDATE faces SET encoding = ? WHERE film = ? AND frame = ? AND face_index = ?');
    const bytes = (e: Float32Array) => Buffer.from(e.buffer, e.byteOffset, e.byteLength);
    save.run(bytes(probe.encoding), other.film, other.frame, other.face_index);
    try {
      expect(found()).toHaveLength(1); // the copy in memory is still the film as ingested
      demo.db.prepare("UPDATE films SET ingested_at = 'later' WHERE film = ?").run(other.film);
      expect(found()).toEqual([`${probe.film}:${probe.frame}:${probe.face_index}`, `${other.film}:${other.frame}:${other.face_index}`]);
    } finally {
      save.run(bytes(other.encoding), other.film, other.frame, other.face_index);
      demo.db.prepare("UPDATE films SET ingested_at = 'later still' WHERE film = ?").run(other.film);
    }
    expect(found()).toHaveLength(1);
  });

  it('reads one face as floats, or null', () => {
    const face = faces[3];
    expect(faceEncoding(demo.db, face.film, face.frame, face.face_index)).toEqual(face.encoding);
    expect(faceEncoding(demo.db, face.film, face.frame, 99)).toBeNull();
  });
});

describe('scanFaces on synthetic faces', () => {
  it('agrees with brute force and finds each person\'s faces at 0.6', () => {
    const people = 50;
    const set = syntheticFaces(5000, people, 3);
    const target = set.encodings.slice(17 * ENCODING_SIZE, 18 * ENCODING_SIZE);
    const found: number[] = [];
    scanFaces(set, target, 0.6, (row) => found.push(row));
    const expected: number[] = [];
    for (let row = 0; row < set.count; row++) if (distance(set.encodings.subarray(row * ENCODING_SIZE, (row + 1) * ENCODING_SIZE), target) <= 0.6) expected.push(row);
    expect(found).toEqual(expected);
    expect(found).toEqual(Array.from({ length: 5000 / people }, (_, i) => 17 + i * people));
    expect(syntheticFaces(10, 2, 3).encodings).toEqual(syntheticFaces(10, 2, 3).encodings);
  });
});

describe('_face_like', () => {
  const clause = (query: string) => faceLikeClause(demo.db, new URLSearchParams(query));
  const frames = (c: { sql: string; params: unknown[] }) =>
    (demo.db.prepare(`SELECT film, frame FROM frames WHERE ${c.sql} `).all(...c.params) as Array<{ film: string; frame: number }>).map((r) => `${r.film}:${r.frame}`).sort();

  it('selects the frames with a face within the distance, across films or in the films named', () => {
    const probe = faces.find((f) => f.film === 'the_hustle_2019' && f.face_index === 0)!;
    const key = `${probe.film}:${probe.frame}:0`;
    const all = clause(`_face_like=${key}`)!;
    const expected = [...new Set(bruteForce(probe.encoding, 0.6).map((m) => `${m.film}:${m.frame}`))].sort();
    expect(frames(all)).toEqual(expected);
    expect(all.description).toBe(`face within 0.6 of the_hustle_2019 frame ${probe.frame} face 0`);
    expect(all.search).toMatchObject({ faces: bruteForce(probe.encoding, 0.6).length, frames: expected.length, scanned: faces.length });
    expect(all.search.elapsedMs).toBeGreaterThanOrEqual(0);

    const wide = clause(`_face_like=${key}&_face_distance=0.9&film=the_hustle_2019&film=knives_out_2019`)!;
    const wideExpected = [...new Set(bruteForce(probe.encoding, 0.9, ['the_hustle_2019', 'knives_out_2019']).map((m) => `${m.film}:${m.frame}`))].sort();
    expect(frames(wide)).toEqual(wideExpected);
    expect(wide.description).toBe(`face within 0.9 of the_hustle_2019 frame ${probe.frame} face 0`);
    expect(wide.search.scanned).toBe(faces.filter((f) => f.film !== 'before_sunset_2004').length);
  });

  it('rejects bad parameters, naming them', () => {
    const error = (query: string) => {
      try {
        clause(query);
      } catch (e) {
        expect(e).toBeInstanceOf(QueryError);
        return (e as QueryError).message;
      }
      return null;
    };
    const probe = faces[0];
    const key = `${probe.film}:${probe.frame}:${probe.face_index}`;
    expect(clause('film=the_hustle_2019')).toBeNull();
    expect(error('_face_distance=0.5')).toBe('_face_distance: needs _face_like: the face to measure the distance from');
    expect(error(`_face_like=${key}&_face_distance=3`)).toBe('_face_distance: must be a distance from 0 to 2, got "3"');
    expect(error(`_face_like=${key}&_face_distance=abc`)).toBe('_face_distance: must be a distance from 0 to 2, got "abc"');
    expect(error(`_face_like=${probe.film}:${probe.frame}`)).toMatch(/^_face_like: must be <film>:<frame>:<face index>/);
    expect(error(`_face_like=${probe.film}:${probe.frame}:x`)).toMatch(/^_face_like: the face index must be a whole number/);
    expect(error(`_face_like=${probe.film}:${probe.frame}:9`)).toBe(`_face_like: ${probe.film} frame ${probe.frame} has no face 9 with an encoding`);
    expect(error(`_face_like=${key}&_face_like=${key}`)).toBe('_face_like: given more than once');
  });
});
