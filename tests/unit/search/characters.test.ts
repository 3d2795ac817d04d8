/**
 * Character names on the demo library: naming face clusters, filtering by
 * name with `character=`, renaming and forgetting, and names surviving a
 * forced re-ingest (they are the user's work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteCharacterName, faceClusters, listCharacterNames, setCharacterName } from '@/lib/characters/names';
import { ingestLibrary } from '@/lib/ingest';
import { characterClause } from '@/lib/query/character-filter';
import { QueryError } from '@/lib/errors';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

let demo: DemoDatabase;

beforeAll(async () => {
  demo = await demoDatabase('characters');
});
afterAll(() => demo.cleanup());

function framesOf(query: string): string[] {
  const clause = characterClause(new URLSearchParams(query))!;
  return (demo.db.prepare(`SELECT film, frame FROM frames WHERE ${clause.sql} ORDER BY film, frame`).all(...clause.params) as Array<{ film: string; frame: number }>).map(
    (r) => `${r.film}:${r.frame}`,
  );
}

function clusterFrames(film: string, cluster: number): string[] {
  return (demo.db.prepare('SELECT frame FROM frames WHERE film = ? AND p_face_cluster = ? ORDER BY frame').all(film, cluster) as Array<{ frame: number }>).map(
    (r) => `${film}:${r.frame}`,
  );
}

describe('character names', () => {
  it('lists a film\'s face clusters, largest first, with a sample frame and its primary face', () => {
    const clusters = faceClusters(demo.db, 'the_hustle_2019');
    const expected = demo.db
      .prepare('SELECT p_face_cluster AS cluster, count(*) AS frames, min(frame) AS sample FROM frames WHERE film = ? AND p_face_cluster IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1')
      .all('the_hustle_2019') as Array<{ sample: number }>;
    const face = demo.db.prepare('SELECT top, right, bottom, left FROM faces WHERE film = ? AND frame = ? AND face_index = 0');
    const size = demo.db.prepare('SELECT width, height FROM frames WHERE film = ? AND frame = ?');
    expect(clusters).toEqual(
      expected.map((row) => {
        const box = face.get('the_hustle_2019', row.sample) as { top: number; right: number; bottom: number; left: number };
        return { ...row, name: null, box: [box.top, box.right, box.bottom, box.left], ...(size.get('the_hustle_2019', row.sample) as object) };
      }),
    );
    expect(clusters.length).toBeGreaterThan(2);
  });

  it('filters by name, across the clusters and films that carry it', () => {
    const [first, second] = faceClusters(demo.db, 'the_hustle_2019');
    const knives = faceClusters(demo.db, 'knives_out_2019')[0];
    setCharacterName(demo.db, 'the_hustle_2019', first.cluster, 'Irving');
    expect(framesOf('character=Irving')).toEqual(clusterFrames('the_hustle_2019', first.cluster));
    // A second cluster under the same name: the clustering split one person in two.
    setCharacterName(demo.db, 'the_hustle_2019', second.cluster, '  Irving ');
    setCharacterName(demo.db, 'knives_out_2019', knives.cluster, 'Blanc');
    const irving = [...clusterFrames('the_hustle_2019', first.cluster), ...clusterFrames('the_hustle_2019', second.cluster)].sort((p, q) => Number(p.split(':')[1]) - Number(q.split(':')[1]));
    expect(framesOf('character=Irving')).toEqual(irving);
    expect(framesOf('character=Irving&character=Blanc')).toEqual([...clusterFrames('knives_out_2019', knives.cluster), ...irving]);
    expect(framesOf('character=irving')).toEqual([]);
    expect(characterClause(new URLSearchParams('character=Irving'))!.description).toBe('character is "Irving"');
    expect(characterClause(new URLSearchParams('character=Irving&character=Blanc'))!.description).toBe('character in ["Irving", "Blanc"]');
    expect(characterClause(new URLSearchParams('film=x'))).toBeNull();
    expect(listCharacterNames(demo.db)).toEqual([
      { film: 'knives_out_2019', cluster: knives.cluster, name: 'Blanc', frames: knives.frames },
      ...[first, second]
        .sort((p, q) => p.cluster - q.cluster)
        .map((c) => ({ film: 'the_hustle_2019', cluster: c.cluster, name: 'Irving', frames: c.frames })),
    ]);
    expect(listCharacterNames(demo.db, 'knives_out_2019')).toHaveLength(1);
    expect(faceClusters(demo.db, 'the_hustle_2019')[0].name).toBe('Irving');
  });

  it('keeps names through a forced re-ingest', async () => {
    const before = listCharacterNames(demo.db);
    const frames = framesOf('character=Irving');
    const report = await ingestLibrary(demo.db, demo.root, { force: true });
    expect(report.films.every((f) => f.status === 'loaded')).toBe(true);
    expect(listCharacterNames(demo.db)).toEqual(before);
    expect(framesOf('character=Irving')).toEqual(frames);
  });

  it('forgets', () => {
    const [first] = faceClusters(demo.db, 'the_hustle_2019');
    expect(deleteCharacterName(demo.db, 'the_hustle_2019', first.cluster)).toBe(true);
    expect(deleteCharacterName(demo.db, 'the_hustle_2019', first.cluster)).toBe(false);
    expect(listCharacterNames(demo.db, 'the_hustle_2019').map((n) => n.cluster)).not.toContain(first.cluster);
  });

  it('rejects bad names, clusters and films, naming them', () => {
    const fails = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof QueryError ? [e.param, e.message] : (e as Error).message;
      }
      return null;
    };
    expect(fails(() => setCharacterName(demo.db, 'the_hustle_2019', 0, '   '))).toEqual(['name', expect.stringContaining('1 to 100 characters')]);
    expect(fails(() => setCharacterName(demo.db, 'the_hustle_2019', 0, 'a\u0007b'))).toEqual(['name', expect.stringContaining('without control characters')]);
    expect(fails(() => setCharacterName(demo.db, 'the_hustle_2019', 1.5, 'X'))).toEqual(['cluster', expect.stringContaining('got 1.5')]);
    expect(fails(() => setCharacterName(demo.db, 'The Hustle', 0, 'X'))).toEqual(['film', expect.stringContaining('snake_case')]);
    expect(fails(() => setCharacterName(demo.db, 'the_hustle_2019', 999, 'X'))).toBe('the_hustle_2019 has no frames whose primary face is in cluster 999');
    expect(fails(() => characterClause(new URLSearchParams('character=')))).toEqual(['character', expect.stringContaining('1 to 100 characters')]);
  });
});
