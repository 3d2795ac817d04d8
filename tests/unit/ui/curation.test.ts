import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  freeName,
  markedQuery,
  moveSelectionFilter,
  newSelectionQuery,
  otherSelectionFilters,
  pastTense,
  queryInvolves,
  rangeBetween,
  resultsFilterQuery,
  selectionFilterOf,
  toggleAction,
  withSelectionFilter,
} from '@/lib/ui/curation';
import { SHORTCUTS } from '@/lib/ui/shortcuts';

const params = (query: string) => new URLSearchParams(query);

describe('curation in the browser', () => {
  it('toggles members out and everything else in', () => {
    expect(toggleAction('matched')).toBe('exclude');
    expect(toggleAction('included')).toBe('exclude');
    expect(toggleAction('excluded')).toBe('include');
    expect(toggleAction(null)).toBe('include');
    expect(toggleAction(undefined)).toBe('include');
  });

  it('orders a shift-click range, both ends included', () => {
    expect(rangeBetween(7, 3)).toEqual({ start: 3, end: 8 });
    expect(rangeBetween(3, 3)).toEqual({ start: 3, end: 4 });
  });

  it('asks for marks per request, never in the page URL', () => {
    expect(markedQuery('film=a', 4)).toBe('film=a&_mark=4');
    expect(markedQuery('', 4)).toBe('_mark=4');
    expect(markedQuery('film=a', null)).toBe('film=a');
  });

  it('reads and writes the sidebar filter for one selection, leaving filters on others alone', () => {
    const api = params('film=a&_in_selection=3&_not_in_selection=9');
    expect(selectionFilterOf(api, 3)).toBe('in');
    expect(selectionFilterOf(api, 9)).toBe('out');
    expect(selectionFilterOf(api, 5)).toBe('all');
    expect(withSelectionFilter(api, 3, 'out').toString()).toBe('film=a&_not_in_selection=9&_not_in_selection=3');
    expect(withSelectionFilter(api, 3, 'all').toString()).toBe('film=a&_not_in_selection=9');
    expect(otherSelectionFilters(api, 3)).toEqual([['_not_in_selection', '9']]);
    expect(otherSelectionFilters(api, null)).toHaveLength(2);
  });

  it('moves an "in selection" filter to the selection switched to, and drops it when there is none', () => {
    expect(moveSelectionFilter(params('film=a&_in_selection=3'), 3, 4).toString()).toBe('film=a&_in_selection=4');
    expect(moveSelectionFilter(params('_not_in_selection=3'), 3, null).toString()).toBe('');
    expect(moveSelectionFilter(params('film=a'), 3, 4).toString()).toBe('film=a');
    expect(moveSelectionFilter(params('_in_selection=7'), null, 4).toString()).toBe('_in_selection=7');
  });

  it('sends the results filters for "all results", and keeps selections out of a new selection’s query', () => {
    const api = params('p_face_size__gt=4&_sort_desc=brightness&_in_selection=2&film__in=a,b');
    expect(resultsFilterQuery(api)).toBe('p_face_size__gt=4&_in_selection=2&film__in=a,b');
    expect(newSelectionQuery(api)).toBe('p_face_size__gt=4&film__in=a,b');
  });

  it('knows which cached results a selection change makes stale', () => {
    expect(queryInvolves('film=a&_mark=3', 3)).toBe(true);
    expect(queryInvolves('_in_selection=3', 3)).toBe(true);
    expect(queryInvolves('_not_in_selection=13', 3)).toBe(false);
    expect(queryInvolves('frame=3', 3)).toBe(false);
  });

  it('words the status line and finds a free name', () => {
    expect(pastTense('include 3 frames: all results where faces_found = 3')).toBe('Included 3 frames: all results where faces_found = 3');
    expect(pastTense('change the query to where film = a')).toBe('Changed the query to where film = a');
    expect(freeName('Close-up', ['Close-up', 'Close-up 2'])).toBe('Close-up 3');
    expect(freeName('Wide shot', ['Close-up'])).toBe('Wide shot');
  });

  it('documents every keyboard shortcut the help overlay lists', () => {
    const docs = readFileSync('docs/ui.md', 'utf8');
    for (const group of SHORTCUTS) {
      for (const shortcut of group.shortcuts) {
        expect(docs, shortcut.does).toContain(shortcut.does);
        for (const key of shortcut.keys) expect(docs, key).toContain(key);
      }
    }
  });
});
