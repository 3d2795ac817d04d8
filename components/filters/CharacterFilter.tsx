'use client';

import { useState } from 'react';
import type { FaceCluster } from '@/lib/characters/names';
import { characterEntries, characterLabel, chosenCluster } from '@/lib/ui/character-choice';
import { filmTitle } from '@/lib/ui/film-title';
import { entriesOf, replaceKeys } from '@/lib/ui/filter-params';
import { CharacterNameForm } from '../search/CharacterNameForm';
import { FaceCrop } from '../search/FaceCrop';
import { useCharacters } from '../search/use-characters';
import './filters.css';

/** Clusters listed per film before "Show all": big libraries have hundreds. */
const SHOWN = 8;

/**
 * Characters by film: a face cluster only means something inside its film.
 * A cluster with a name is chosen by the name (`character=<name>`, which
 * follows every cluster of that name, so one actor across films); one
 * without is chosen with its film (`film=<film>&p_face_cluster=<n>`).
 */
export function CharacterFilter({ api, onChange }: { api: URLSearchParams; onChange: (api: URLSearchParams) => void }) {
  const characters = useCharacters();
  const [naming, setNaming] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  if (characters.state === 'loading') return <p className="facet-empty">Loading characters…</p>;
  if (characters.state === 'error') return <p className="facet-error">Characters unavailable: {characters.error.message}</p>;

  const names = api.getAll('character');
  const chosen = chosenCluster(api);
  const bare = chosen === null && entriesOf(api, ['p_face_cluster']).length > 0;
  const choose = (film: string, cluster: FaceCluster, on: boolean) => {
    const { keys, entries } = characterEntries(api, film, cluster, on);
    onChange(replaceKeys(api, keys, entries));
  };
  const films = Object.entries(characters.clusters).filter(([, clusters]) => clusters.length > 0);

  return (
    <div className="character-filter">
      {bare && (
        <p className="facet-note">
          <code>p_face_cluster</code> without one film matches that cluster number in every film: different people.
        </p>
      )}
      {films.length === 0 && <p className="facet-note">No face clusters in this library.</p>}
      {films.map(([film, clusters]) => {
        const shown = expanded.includes(film) ? clusters : clusters.slice(0, SHOWN);
        return (
          <section key={film} className="character-film" aria-label={`Characters of ${filmTitle(film)}`}>
            <h4 title={film}>{filmTitle(film)}</h4>
            <ul className="choices character-list">
              {shown.map((c) => {
                const id = `${film}:${c.cluster}`;
                const checked = c.name !== null ? names.includes(c.name) : chosen?.film === film && chosen.cluster === c.cluster;
                return (
                  <li key={id}>
                    <label className={`character-choice${checked ? ' checked' : ''}`} title={`${c.frames.toLocaleString('en')} frames in ${film}`}>
                      <input type="checkbox" checked={checked} onChange={(e) => choose(film, c, e.currentTarget.checked)} />
                      {c.box && c.width && c.height ? (
                        <FaceCrop film={film} frame={c.sample} box={c.box} width={c.width} height={c.height} size={32} />
                      ) : (
                        <span className="face-crop none" aria-hidden="true" />
                      )}
                      <span className="choice-label">{characterLabel(film, c)}</span>
                      <span className="choice-count">{c.frames.toLocaleString('en')}</span>
                    </label>
                    <button type="button" className="link-button" aria-expanded={naming === id} onClick={() => setNaming(naming === id ? null : id)}>
                      {c.name ? 'Rename' : 'Name'}
                      <span className="sr-only">
                        {' '}
                        cluster {c.cluster} of {film}
                      </span>
                    </button>
                    {naming === id && <CharacterNameForm film={film} cluster={c.cluster} name={c.name} onDone={() => setNaming(null)} />}
                  </li>
                );
              })}
            </ul>
            {clusters.length > SHOWN && !expanded.includes(film) && (
              <button type="button" className="link-button" onClick={() => setExpanded([...expanded, film])}>
                Show all {clusters.length} characters of {filmTitle(film)}
              </button>
            )}
          </section>
        );
      })}
      {names.filter((name) => !characters.names.some((n) => n.name === name)).map((name) => (
        <p key={name} className="facet-note">
          No cluster is named “{name}” now.{' '}
          <button type="button" className="link-button" onClick={() => onChange(replaceKeys(api, ['character'], names.filter((n) => n !== name).map((n) => ['character', n])))}>
            Remove it
          </button>
        </p>
      ))}
    </div>
  );
}
