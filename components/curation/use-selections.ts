'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangeRequest, ChangeResult, SelectionDetail, SelectionSummary } from '@/lib/selections';
import { pastTense, queryInvolves } from '@/lib/ui/curation';
import { asApiError, fetchJson, isAbort, sendJson } from '../fetch-json';
import { refreshStores } from '../results/result-store';

export interface Status {
  text: string;
  error: boolean;
}

export interface Selections {
  /** Every saved selection, by name; null until loaded. */
  list: SelectionSummary[] | null;
  /** The current selection's summary (undo/redo descriptions), once it is known to exist. */
  summary: SelectionSummary | null;
  /** The current selection with its member count, refreshed after each action. */
  detail: SelectionDetail | null;
  /** The current selection's id once it is known to exist: what `_mark` asks for. */
  markId: number | null;
  /** Goes up after every curation action has been answered: marks shown elsewhere fetch again. */
  version: number;
  /** What the last action did, or why it failed; for the live status line. */
  status: Status | null;
  say: (status: Status) => void;
  create: (name: string, query: string) => Promise<void>;
  rename: (name: string) => Promise<void>;
  /** Replaces the current selection's query: a curation action, undone like the others. */
  setQuery: (query: string) => Promise<void>;
  duplicate: () => Promise<void>;
  remove: () => Promise<void>;
  /** One curation action; actions run one after another, in the order asked. */
  change: (request: ChangeRequest) => Promise<void>;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
}

const url = (id: number, tail = '') => `/api/selections/${id}${tail}`;

/**
 * The saved selections and the current one (`view.sel`), with every action
 * the UI offers on them. Curation actions are queued so the API records
 * them in the order they were made (the undo history depends on it); once
 * the queue is idle, the results that show this selection fetch again.
 */
export function useSelections(id: number | null, onSelect: (id: number | null) => void): Selections {
  const [list, setList] = useState<SelectionSummary[] | null>(null);
  const [detail, setDetail] = useState<SelectionDetail | null>(null);
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<Status | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const queued = useRef(0);
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });

  const loadList = useCallback(async () => {
    const answer = await fetchJson<SelectionSummary[]>('/api/selections');
    setList(answer);
    return answer;
  }, []);

  useEffect(() => {
    loadList().catch((error: unknown) => setStatus({ text: `Could not load the selections: ${asApiError(error).message}`, error: true }));
  }, [loadList]);

  const known = id !== null && list !== null && list.some((s) => s.id === id);
  // A view.sel naming a selection that is gone (deleted in another tab, an old link) is dropped.
  useEffect(() => {
    if (id !== null && list !== null && !known) {
      setStatus({ text: `Selection ${id} does not exist (any more).`, error: true });
      select.current(null);
    }
  }, [id, list, known]);

  useEffect(() => {
    if (!known || id === null) return;
    const controller = new AbortController();
    fetchJson<SelectionDetail>(url(id), controller.signal).then(setDetail, (error: unknown) => {
      if (!isAbort(error)) setStatus({ text: `Could not load the selection: ${asApiError(error).message}`, error: true });
    });
    return () => controller.abort();
  }, [id, known, version]);

  const settled = useCallback((selection: number) => {
    queued.current--;
    if (queued.current > 0) return;
    refreshStores((query) => queryInvolves(query, selection));
    setVersion((v) => v + 1);
  }, []);

  /** Runs a curation action after the ones before it; its answer updates the summary and says what happened. */
  const curate = useCallback(
    (selection: number, send: () => Promise<ChangeResult>, say: (result: ChangeResult) => string) => {
      queued.current++;
      const run = queue.current.then(async () => {
        try {
          const result = await send();
          setList((old) => old?.map((s) => (s.id === result.selection.id ? result.selection : s)) ?? old);
          setStatus({ text: say(result), error: false });
        } catch (error) {
          setStatus({ text: asApiError(error).message, error: true });
        } finally {
          settled(selection);
        }
      });
      queue.current = run;
      return run;
    },
    [settled],
  );

  const change = useCallback(
    async (request: ChangeRequest) => {
      if (id === null) return;
      await curate(
        id,
        () => sendJson<ChangeResult>(url(id, '/changes'), 'POST', request),
        (r) => (r.description ? pastTense(r.description) : `Nothing changed: ${request.action === 'include' ? 'already included' : 'already excluded'}`),
      );
    },
    [id, curate],
  );

  const setQuery = useCallback(
    async (query: string) => {
      if (id === null) return;
      await curate(
        id,
        async () => {
          const selection = await sendJson<SelectionDetail>(url(id), 'PATCH', { query });
          setDetail(selection);
          return { changed: 1, description: null, selection };
        },
        () => 'Its query is now the current filters (Undo puts the old one back).',
      );
    },
    [id, curate],
  );

  const undo = useCallback(async () => {
    if (id !== null) await curate(id, () => sendJson<ChangeResult>(url(id, '/undo'), 'POST', {}), (r) => `Undone: ${r.description}`);
  }, [id, curate]);

  const redo = useCallback(async () => {
    if (id !== null) await curate(id, () => sendJson<ChangeResult>(url(id, '/redo'), 'POST', {}), (r) => `Redone: ${r.description}`);
  }, [id, curate]);

  // Create, rename, duplicate and delete throw their ApiError to the dialog that asked, which shows it by its field.
  const create = useCallback(
    async (name: string, query: string) => {
      const created = await sendJson<SelectionSummary>('/api/selections', 'POST', { name, query });
      await loadList();
      setStatus({ text: `Created “${created.name}”.`, error: false });
      select.current(created.id);
    },
    [loadList],
  );

  const rename = useCallback(
    async (name: string) => {
      if (id === null) return;
      const renamed = await sendJson<SelectionDetail>(url(id), 'PATCH', { name });
      await loadList();
      setDetail(renamed);
      setStatus({ text: `Renamed to “${renamed.name}”.`, error: false });
    },
    [id, loadList],
  );

  const duplicate = useCallback(async () => {
    if (id === null) return;
    try {
      const copy = await sendJson<SelectionSummary>(url(id, '/duplicate'), 'POST', {});
      await loadList();
      setStatus({ text: `Duplicated as “${copy.name}”.`, error: false });
      select.current(copy.id);
    } catch (error) {
      setStatus({ text: asApiError(error).message, error: true });
    }
  }, [id, loadList]);

  const remove = useCallback(async () => {
    if (id === null) return;
    const name = list?.find((s) => s.id === id)?.name ?? String(id);
    await sendJson<null>(url(id), 'DELETE');
    select.current(null);
    setList((old) => old?.filter((s) => s.id !== id) ?? old);
    setStatus({ text: `Deleted “${name}”.`, error: false });
    void loadList().catch(() => undefined);
  }, [id, list, loadList]);

  const summary = known ? (list?.find((s) => s.id === id) ?? null) : null;
  return {
    list,
    summary,
    detail: detail && detail.id === id && known ? detail : null,
    markId: known ? id : null,
    version,
    status,
    say: setStatus,
    create,
    rename,
    setQuery,
    duplicate,
    remove,
    change,
    undo,
    redo,
  };
}
