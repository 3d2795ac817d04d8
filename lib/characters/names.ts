/**
 * The user's names for recurring characters: a name given to a face cluster
 * (frames.p_face_cluster, numbered per film by the pipeline) of one film.
 * Several clusters may share a name, so a person the clustering split in two
 * is one character again. Kept in character_names, user work that no ingest
 * touches; a name whose cluster vanished in a re-ingest stays, with 0 frames,
 * and applies again if the cluster comes back.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { parseFilm } from '@/lib/library/files';
import { NotFoundError, QueryError } from '@/lib/errors';

export interface CharacterName {
  film: string;
  cluster: number;
  name: string;
}

export interface NamedCluster extends CharacterName {
  /** Frames whose primary face is in this cluster now. */
  frames: number;
}

export interface FaceCluster {
  cluster: number;
  frames: number;
  name: string | null;
  /** A frame showing the cluster (its first), for a thumbnail. */
  sample: number;
  /** The sample's primary face, [top, right, bottom, left] in pixels of its JPEG, and the JPEG's size: to cut the face out. */
  box: [number, number, number, number] | null;
  width: number | null;
  height: number | null;
}

type ClusterRow = Omit<FaceCluster, 'box'> & { top: number | null; right: number | null; bottom: number | null; left: number | null };

const MAX_NAME = 100;

const statements = preparedFor((db: DB) => ({
  clusterFrames: db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM frames WHERE film = ? AND p_face_cluster = ?'),
  upsert: db.prepare<[string, number, string]>(
    'INSERT INTO character_names (film, cluster, name) VALUES (?, ?, ?) ON CONFLICT (film, cluster) DO UPDATE SET name = excluded.name',
  ),
  remove: db.prepare<[string, number]>('DELETE FROM character_names WHERE film = ? AND cluster = ?'),
  list: db.prepare<{ film: string | null }, NamedCluster>(
    'SELECT n.film, n.cluster, n.name, ' +
      '(SELECT count(*) FROM frames AS f WHERE f.film = n.film AND f.p_face_cluster = n.cluster) AS frames ' +
      'FROM character_names AS n WHERE @film IS NULL OR n.film = @film ORDER BY n.name, n.film, n.cluster',
  ),
  // The face of the sample is read after grouping: the primary face is face 0 of its frame.
  clusters: db.prepare<[string], ClusterRow>(
    'SELECT c.*, s.width, s.height, x.top, x.right, x.bottom, x.left FROM (' +
      'SELECT f.film, CAST(f.p_face_cluster AS INTEGER) AS cluster, count(*) AS frames, n.name, min(f.frame) AS sample FROM frames AS f ' +
      'LEFT JOIN character_names AS n ON n.film = f.film AND n.cluster = f.p_face_cluster ' +
      'WHERE f.film = ? AND f.p_face_cluster IS NOT NULL GROUP BY f.p_face_cluster) AS c ' +
      'JOIN frames AS s ON s.film = c.film AND s.frame = c.sample ' +
      'LEFT JOIN faces AS x ON x.film = c.film AND x.frame = c.sample AND x.face_index = 0 ' +
      'ORDER BY c.frames DESC, c.cluster',
  ),
}));

function checkFilm(film: string): string {
  if (parseFilm(film) === null) throw new QueryError('film', `must be a snake_case film name, got ${JSON.stringify(film)}`);
  return film;
}

function checkCluster(cluster: number): number {
  if (!Number.isSafeInteger(cluster) || cluster < 0) throw new QueryError('cluster', `must be a face cluster number (a whole number from 0), got ${cluster}`);
  return cluster;
}

/** A name as stored: trimmed, 1-100 characters, no control characters. */
export function checkName(param: string, raw: string): string {
  const name = raw.trim();
  if (name === '' || name.length > MAX_NAME || /\p{Cc}/u.test(name)) {
    throw new QueryError(param, `must be 1 to ${MAX_NAME} characters without control characters, got ${JSON.stringify(raw)}`);
  }
  return name;
}

/** Names a film's face cluster (or renames it). The film must have frames of that cluster. */
export function setCharacterName(db: DB, film: string, cluster: number, name: string): CharacterName {
  const checked = { film: checkFilm(film), cluster: checkCluster(cluster), name: checkName('name', name) };
  const s = statements(db);
  db.transaction(() => {
    if ((s.clusterFrames.get(film, cluster)?.n ?? 0) === 0) throw new NotFoundError(`${film} has no frames whose primary face is in cluster ${cluster}`);
    s.upsert.run(checked.film, checked.cluster, checked.name);
  }).immediate();
  return checked;
}

/** Forgets a cluster's name; false when it had none. */
export function deleteCharacterName(db: DB, film: string, cluster: number): boolean {
  const s = statements(db);
  return db.transaction(() => s.remove.run(checkFilm(film), checkCluster(cluster)).changes > 0).immediate();
}

/** Every name given, in one film or all, with the frames each now covers. */
export function listCharacterNames(db: DB, film?: string): NamedCluster[] {
  return statements(db).list.all({ film: film === undefined ? null : checkFilm(film) });
}

/** A film's face clusters, largest first, with their names: what a naming UI lists. */
export function faceClusters(db: DB, film: string): FaceCluster[] {
  return statements(db)
    .clusters.all(checkFilm(film))
    .map(({ cluster, frames, name, sample, width, height, top, right, bottom, left }) => ({
      cluster,
      frames,
      name,
      sample,
      box: top === null || right === null || bottom === null || left === null ? null : [top, right, bottom, left],
      width,
      height,
    }));
}
