'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FilmSummary } from '@/lib/query/frames';
import { replaceKeys } from '@/lib/ui/filter-params';
import { markAfter, markedQuery, moveSelectionFilter, queryInvolves, type CurationAction } from '@/lib/ui/curation';
import type { FrameRef } from '@/lib/ui/url-state';
import { CurationBar } from '../curation/CurationBar';
import { FrameCuration } from '../curation/FrameCuration';
import { SelectionFilter } from '../curation/SelectionFilter';
import { useGridCuration } from '../curation/use-grid-curation';
import { useSelections } from '../curation/use-selections';
import { FilterSidebar } from '../filters/FilterSidebar';
import { SORT_KEYS } from '../filters/facet-specs';
import { useFacets } from '../filters/use-facets';
import { FrameView } from '../frame/FrameView';
import { FrameGrid } from '../grid/FrameGrid';
import { EmptyLibrary, NoMatches, ResultsError } from '../results/ResultStates';
import { ResultsHeader } from './ResultsHeader';
import { useResults } from '../results/use-results';
import { AnalysisProgress } from '../search/AnalysisProgress';
import { ColourSuggestions } from '../search/ColourSuggestions';
import { DEFAULT_TABLE_COLUMNS } from '../table/columns';
import { FrameTable } from '../table/FrameTable';
import { useFilms } from './use-films';
import { usePageUrl } from '../use-page-url';

const NO_FILMS: FilmSummary[] = [];

/**
 * The curation screen: filters on the left, the results as a grid or a
 * table, and one frame at a time over them. Everything it shows is a
 * function of the page URL (see docs/ui.md).
 */
export function Browser() {
  const url = usePageUrl();
  const { api, query, view, setApi, setView, update } = url;
  // Switching selections moves an "in selection" filter to the new one; one history entry.
  const selectCurrent = useCallback(
    (sel: number | null) => update((now) => ({ api: moveSelectionFilter(now.api, now.view.sel, sel), view: { ...now.view, sel } })),
    [update],
  );
  const selections = useSelections(view.sel, selectCurrent);
  const { store, shown, pending } = useResults(markedQuery(query, selections.markId));
  const curation = useGridCuration(store, selections);
  const { change } = selections;
  const curateFrame = useCallback(
    (ref: FrameRef, action: CurationAction) => {
      store.setMarks(new Set([`${ref.film}:${ref.frame}`]), markAfter(action));
      void change({ action, frames: [ref] });
    },
    [store, change],
  );
  const facets = useFacets(query, store.ready, selections.markId !== null && queryInvolves(query, selections.markId) ? selections.version : 0);
  const films = useFilms();
  const [hint, setHint] = useState<{ query: string; ref: string; index: number } | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ index: number } | null>(null);
  // True while the open frame view is the history entry this page pushed: Esc then goes back to it.
  const openedHere = useRef(false);

  // The result whose tile gets the focus back once the frame view is gone (not before: a modal dialog taken out of the page leaves the focus on the body).
  const returnFocus = useRef<number | null>(null);

  useEffect(() => {
    if (view.frame) return;
    openedHere.current = false;
    if (returnFocus.current !== null) {
      setFocusRequest({ index: returnFocus.current });
      returnFocus.current = null;
    }
  }, [view.frame]);

  const sortParam = api.get('_sort') ?? api.get('_sort_desc');
  const sort = sortParam === null ? null : { column: sortParam, desc: api.has('_sort_desc') };

  const changeFilters = useCallback(
    (next: URLSearchParams) => {
      openedHere.current = false;
      setFocusRequest(null);
      setApi(next);
    },
    [setApi],
  );

  const onSort = useCallback(
    (next: { column: string; desc: boolean } | null) =>
      changeFilters(replaceKeys(api, SORT_KEYS, next ? [[next.desc ? '_sort_desc' : '_sort', next.column]] : [])),
    [api, changeFilters],
  );

  const collapse = api.get('_collapse');
  const onCollapse = useCallback((next: string | null) => changeFilters(replaceKeys(api, ['_collapse'], next ? [['_collapse', next]] : [])), [api, changeFilters]);
  const openGroup = useCallback((query: string) => changeFilters(new URLSearchParams(query)), [changeFilters]);

  const open = useCallback(
    (index: number) => {
      const frame = store.frameAt(index);
      if (!frame) return;
      setHint({ query: store.query, ref: `${frame.film}:${frame.frame}`, index });
      openedHere.current = true;
      setView({ frame: { film: frame.film, frame: frame.frame } }, 'push');
    },
    [store, setView],
  );

  const navigate = useCallback(
    (ref: FrameRef, index: number | null) => {
      setHint(index === null ? null : { query: store.query, ref: `${ref.film}:${ref.frame}`, index });
      setView({ frame: ref }, 'replace');
    },
    [store, setView],
  );

  const close = useCallback(() => {
    returnFocus.current = hint && hint.query === store.query ? hint.index : null;
    if (openedHere.current) {
      openedHere.current = false;
      window.history.back();
    } else {
      setView({ frame: null }, 'replace');
    }
  }, [hint, store, setView]);

  // The grid's place in the URL, replacing the entry: scrolling is not a step for Back.
  const keepPlace = useCallback((index: number) => setView({ at: index > 0 ? index : null }, 'replace'), [setView]);

  const clearFilters = () => changeFilters(new URLSearchParams([...api].filter(([name]) => SORT_KEYS.includes(name))));

  // The sidebar is memoized; these keep its props the same objects until they change.
  const selectionFilter = useMemo(
    () => <SelectionFilter api={api} selection={selections.summary} selections={selections.list ?? []} version={selections.version} onChange={changeFilters} />,
    [api, selections.summary, selections.list, selections.version, changeFilters],
  );
  // A refused query is explained once, beside the results.
  const sidebarFacets = useMemo(() => (shown.error ? { ...facets, error: null } : facets), [shown.error, facets]);
  const filmList = films.state === 'ready' ? films.films : NO_FILMS;

  if (films.state === 'ready' && films.films.length === 0) {
    return (
      <main className="browser empty">
        <EmptyLibrary />
      </main>
    );
  }

  const frameRef = view.frame;
  const hintIndex = frameRef && hint && hint.query === store.query && hint.ref === `${frameRef.film}:${frameRef.frame}` ? hint.index : null;
  const columns = view.cols ?? DEFAULT_TABLE_COLUMNS;

  let body;
  if (shown.error) {
    body = (
      <ResultsError
        error={shown.error}
        onRetry={() => shown.retry()}
        onRemoveParam={(param) => changeFilters(new URLSearchParams([...api].filter(([name]) => name !== param)))}
        onClear={clearFilters}
      />
    );
  } else if (shown.total === null) {
    body = <p className="state loading-state">Loading frames…</p>;
  } else if (shown.total === 0) {
    body = (
      <NoMatches where={shown.where} onClear={clearFilters}>
        {api.has('_color') && <ColourSuggestions api={api} onChange={changeFilters} />}
      </NoMatches>
    );
  } else if (view.mode === 'table') {
    body = <FrameTable key={shown.query} store={shown} pending={pending} columns={columns} sort={sort} onSort={onSort} onOpen={open} />;
  } else {
    body = (
      <FrameGrid
        key={shown.query}
        store={shown}
        pending={pending}
        tile={view.tile}
        boxes={view.boxes}
        onOpen={open}
        onOpenGroup={openGroup}
        focusRequest={focusRequest}
        curation={curation}
        initialAt={view.at}
        onFirstVisible={keepPlace}
      />
    );
  }

  return (
    <main className="browser">
      {films.state === 'error' ? (
        <aside className="sidebar" aria-label="Filters">
          <p className="state error" role="alert">
            Could not load the films: {films.error.message}
          </p>
        </aside>
      ) : (
        <FilterSidebar api={api} films={filmList} facets={sidebarFacets} onChange={changeFilters} before={selectionFilter} />
      )}
      <section className="results" id="results" aria-label="Results" tabIndex={-1}>
        <CurationBar selections={selections} api={api} total={shown.error ? null : shown.total} where={shown.error ? '' : shown.where} onSelect={selectCurrent} />
        <AnalysisProgress api={api} />
        <ResultsHeader
          total={shown.error ? null : shown.total}
          where={shown.error ? '' : shown.where}
          pending={pending}
          mode={view.mode}
          tile={view.tile}
          boxes={view.boxes}
          sort={sort}
          collapse={collapse}
          columns={columns}
          onMode={(mode) => setView({ mode }, 'push')}
          onTile={(tile) => setView({ tile })}
          onBoxes={(boxes) => setView({ boxes })}
          onSort={onSort}
          onCollapse={onCollapse}
          onColumns={(cols) => setView({ cols })}
        />
        <div className="results-body">{body}</div>
      </section>
      {frameRef && (
        <FrameView
          frameRef={frameRef}
          store={store}
          hint={hintIndex}
          boxes={view.boxes}
          onToggleBoxes={(boxes) => setView({ boxes })}
          onNavigate={navigate}
          onClose={close}
          onFilter={(entries) => changeFilters(replaceKeys(api, [...new Set(entries.map(([name]) => name))], entries))}
          curation={selections.summary && <FrameCuration selection={selections.summary} frameRef={frameRef} version={selections.version} onAct={curateFrame} />}
        />
      )}
    </main>
  );
}
