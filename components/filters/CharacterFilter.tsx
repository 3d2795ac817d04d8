'use client';

import { useState } from 'react';
import { CharacterNameForm } from '../search/CharacterNameForm';
import { useCharacters } from '../search/use-characters';
import { ChoiceList, type Choice } from './controls';

/**
 * Characters by the names you gave face clusters: `character=<name>`,
 * repeated for any of several. Below, each film's clusters, to name from
 * here as well as from the frame view.
 */
export function CharacterFilter({ selected, onChange }: { selected: string[]; onChange: (names: string[]) => void }) {
  const characters = useCharacters();
  const [naming, setNaming] = useState<string | null>(null);
  // Hundreds of clusters in a big library: drawn only while someone looks at them, not on every filter change.
  const [clustersOpen, setClustersOpen] = useState(false);
  if (characters.state === 'loading') return <p className="facet-empty">Loading characters…</p>;
  if (characters.state === 'error') return <p className="facet-error">Characters unavailable: {characters.error.message}</p>;

  const frames = new Map<string, number>();
  for (const n of characters.names) frames.set(n.name, (frames.get(n.name) ?? 0) + n.frames);
  const choices: Choice[] = [...frames].map(([name, count]) => ({ value: name, label: name, count, title: `${count} frames in the library` }));
  for (const name of selected) if (!frames.has(name)) choices.push({ value: name, label: name, count: 0 });

  return (
    <div className="character-filter">
      {choices.length === 0 ? (
        <p className="facet-note">No names yet. Open a frame and use “Name this character”, or name a cluster below.</p>
      ) : (
        <ChoiceList name="Named characters" choices={choices} selected={selected} stale={false} onChange={onChange} />
      )}
      <details className="clusters" onToggle={(event) => setClustersOpen(event.currentTarget.open)}>
        <summary>Face clusters by film</summary>
        {clustersOpen &&
          Object.entries(characters.clusters).map(([film, clusters]) => (
            <section key={film} aria-label={`Face clusters of ${film}`}>
              <h4>{film}</h4>
              {clusters.length === 0 ? (
                <p className="facet-note">No clusters.</p>
              ) : (
                <ul className="cluster-list">
                  {clusters.map((c) => {
                    const id = `${film}:${c.cluster}`;
                    return (
                      <li key={id}>
                        <span className="cluster-name">{c.name ?? <span className="muted">Cluster {c.cluster}</span>}</span>
                        <span className="choice-count">{c.frames.toLocaleString('en')}</span>
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
              )}
            </section>
          ))}
      </details>
    </div>
  );
}
