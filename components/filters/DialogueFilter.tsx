'use client';

import { useEffect, useState } from 'react';
import type { DialogueSearch } from '@/lib/ui/search-params';

/**
 * Full-text search over the subtitles: the frames on screen while a matching
 * line is spoken (`_search`). Words by default (every word, any order, case
 * and accents ignored); "FTS5 query" passes the text as an SQLite FTS5 query
 * (`_searchmode=raw`): phrases in quotes, OR, NOT, NEAR, prefix*.
 */
export function DialogueFilter({ search, onCommit }: { search: DialogueSearch | null; onCommit: (text: string, raw: boolean) => void }) {
  const [text, setText] = useState(search?.text ?? '');
  const [raw, setRaw] = useState(search?.raw ?? false);
  useEffect(() => {
    setText(search?.text ?? '');
    setRaw(search?.raw ?? false);
  }, [search?.text, search?.raw]);

  return (
    <form
      className="dialogue-filter"
      role="search"
      aria-label="Dialogue"
      onSubmit={(event) => {
        event.preventDefault();
        onCommit(text, raw);
      }}
    >
      <div className="dialogue-row">
        <input
          type="search"
          value={text}
          placeholder={raw ? '"just one" OR thi*' : 'words spoken'}
          aria-label="Search the dialogue"
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" className="small">
          Search
        </button>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={raw}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            setRaw(on);
            if (search) onCommit(text, on);
          }}
        />
        FTS5 query (phrases, OR, NOT, NEAR, prefix*)
      </label>
      <p className="facet-note">Frames on screen while a matching subtitle line is spoken; hover a tile to read the line.</p>
    </form>
  );
}
