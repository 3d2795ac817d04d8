/**
 * The sidebar's characters, per film: a face cluster numbers one person
 * within one film only. A named cluster is chosen by its name
 * (`character=<name>`: every cluster so named, in any film); an unnamed one
 * with its film (`film=<film>&p_face_cluster=<n>`), never by a bare cluster
 * number, which would pool different people of different films.
 */
import { filmTitle } from './film-title';
import { conditionsOn } from './filter-params';

export const CHARACTER_FILTER_KEYS = ['character', 'p_face_cluster'] as const;

interface Cluster {
  cluster: number;
  name: string | null;
}

/** What a cluster is called in the sidebar: its name, or "Knives Out (2019) - character 3". */
export function characterLabel(film: string, cluster: Cluster): string {
  return cluster.name ?? `${filmTitle(film)} - character ${cluster.cluster}`;
}

/** The film and cluster the URL chooses together (one film, one exact cluster), or null. */
export function chosenCluster(api: URLSearchParams): { film: string; cluster: number } | null {
  const films = api.getAll('film');
  const conditions = conditionsOn(api, 'p_face_cluster');
  if (films.length !== 1 || conditions.length !== 1 || conditions[0].op !== 'exact') return null;
  const cluster = Number(conditions[0].value);
  return Number.isInteger(cluster) ? { film: films[0], cluster } : null;
}

/** The keys to replace and their new parameters when a cluster's choice is turned on or off. */
export function characterEntries(api: URLSearchParams, film: string, cluster: Cluster, on: boolean): { keys: string[]; entries: Array<[string, string]> } {
  const names = api.getAll('character');
  if (cluster.name !== null) {
    const name = cluster.name;
    const next = on ? [...names.filter((n) => n !== name), name] : names.filter((n) => n !== name);
    // A name and an unnamed cluster together would match nothing: choosing a name drops the cluster.
    return { keys: [...CHARACTER_FILTER_KEYS], entries: next.map((n) => ['character', n]) };
  }
  if (!on) return { keys: ['p_face_cluster'], entries: [] };
  return {
    keys: [...CHARACTER_FILTER_KEYS, 'film'],
    entries: [
      ['film', film],
      ['p_face_cluster', String(cluster.cluster)],
    ],
  };
}
