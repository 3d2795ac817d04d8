'use client';

import { useMemo, useRef } from 'react';
import { markAfter, rangeBetween, toggleAction, type CurationAction } from '@/lib/ui/curation';
import type { Frame, ResultStore } from '../results/result-store';
import type { Selections } from './use-selections';

/** The API takes at most this many listed frames in one action. */
const MAX_RANGE = 100_000;

export type TileCommand = 'toggle' | CurationAction;

export interface GridCuration {
  /**
   * A click, Space, I or X on the result at `index`. With `range`, the
   * frames from the last one acted on to this one all get the last action
   * (or `command`'s, when it is not a toggle): a shift-click range.
   */
  act: (index: number, command: TileCommand, range: boolean) => void;
}

const refOf = ({ film, frame }: Frame) => ({ film, frame });

/**
 * What clicks and keys on the grid (or table) do to the current selection.
 * The new marks are drawn at once; the API records the action and the
 * results then fetch again (see useSelections). Null without a selection.
 */
export function useGridCuration(store: ResultStore, selections: Selections): GridCuration | null {
  const anchor = useRef<{ query: string; index: number; action: CurationAction } | null>(null);
  const { markId, change, say } = selections;

  return useMemo(() => {
    if (markId === null) return null;
    const apply = (frames: Frame[], action: CurationAction) => {
      if (frames.length === 0) return;
      store.setMarks(new Set(frames.map((f) => `${f.film}:${f.frame}`)), markAfter(action));
      void change({ action, frames: frames.map(refOf) });
    };
    const act = async (index: number, command: TileCommand, range: boolean) => {
      const frame = store.frameAt(index);
      if (!frame) return;
      const last = anchor.current?.query === store.query ? anchor.current : null;
      if (range && last) {
        const action = command === 'toggle' ? last.action : command;
        const { start, end } = rangeBetween(last.index, index);
        if (end - start > MAX_RANGE) {
          say({ text: `A range can hold at most ${MAX_RANGE.toLocaleString('en')} frames; use “Include all results” with a filter instead.`, error: true });
          return;
        }
        anchor.current = { query: store.query, index, action };
        try {
          apply(await store.framesBetween(start, end), action);
        } catch (error) {
          say({ text: `Could not read the range: ${(error as Error).message}`, error: true });
        }
        return;
      }
      const action = command === 'toggle' ? toggleAction(frame.selection) : command;
      anchor.current = { query: store.query, index, action };
      apply([frame], action);
    };
    return { act: (index, command, range) => void act(index, command, range) };
  }, [markId, store, change, say]);
}
