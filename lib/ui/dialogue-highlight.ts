/**
 * Marks the words of a subtitle line that a dialogue search (`_search`)
 * looked for, for the frame view. The server decides which lines match
 * (FTS5); this only finds the words to highlight in a line, cutting and
 * comparing them the way the index does (unicode61 with remove_diacritics:
 * runs of letters and digits, case and accents ignored).
 */
import type { DialogueSearch } from './search-params';

export interface SearchTerm {
  /** Folded: lower case, accents removed. */
  text: string;
  /** `thi*` in a raw FTS5 query: any word starting with `thi`. */
  prefix: boolean;
}

export interface Segment {
  text: string;
  hit: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;
const RAW_WORD = /([\p{L}\p{N}]+)(\*)?/gu;
/** FTS5's operators, which it recognises only in upper case. */
const OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words a search looks for; a raw query's operators are not words. */
export function searchTerms(search: DialogueSearch): SearchTerm[] {
  const terms: SearchTerm[] = [];
  if (!search.raw) {
    // As the server reads words (lib/query/search-filter.ts): a `*` at a word's end makes it a prefix.
    for (const [raw] of search.text.matchAll(/\S+/g)) {
      const words = [...raw.matchAll(WORD)].map(([w]) => w);
      words.forEach((word, i) => terms.push({ text: fold(word), prefix: i === words.length - 1 && /[\p{L}\p{N}]\*+$/u.test(raw) }));
    }
  } else {
    for (const [, word, star] of search.text.matchAll(RAW_WORD)) {
      if (!OPERATORS.has(word)) terms.push({ text: fold(word), prefix: star === '*' });
    }
  }
  return terms;
}

/** The line cut into runs, the searched words marked; the runs joined give the line back unchanged. */
export function highlightSegments(line: string, terms: readonly SearchTerm[]): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  const push = (text: string, hit: boolean) => {
    if (text === '') return;
    const last = segments[segments.length - 1];
    if (last && last.hit === hit) last.text += text;
    else segments.push({ text, hit });
  };
  for (const match of line.matchAll(WORD)) {
    const word = fold(match[0]);
    const hit = terms.some((t) => (t.prefix ? word.startsWith(t.text) : word === t.text));
    if (!hit) continue;
    push(line.slice(at, match.index), false);
    push(match[0], true);
    at = match.index + match[0].length;
  }
  push(line.slice(at), false);
  return segments;
}
