/**
 * The layering holds: no two folders import each other, directly or round a
 * longer loop, so each can be read (and moved) knowing only what it imports.
 */
import { describe, expect, it } from 'vitest';
import { cycles, fileImports, moduleImports, moduleOf } from './import-graph';

const ROOT = process.cwd();

describe('import graph', () => {
  const files = fileImports(ROOT, ['lib', 'app', 'components', 'scripts']);
  const modules = moduleImports(files);

  it('reads the whole tree', () => {
    expect(files.size).toBeGreaterThan(150);
    expect(modules.get('lib/query')?.has('lib/db')).toBe(true);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set<string>()],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it('has no cycle between folders', () => {
    const found = cycles(modules).map((members) => {
      const inCycle = new Set(members);
      const edges = [...files].flatMap(([file, targets]) =>
        inCycle.has(moduleOf(file)) ? targets.filter((t) => moduleOf(t) !== moduleOf(file) && inCycle.has(moduleOf(t))).map((t) => `${file} -> ${t}`) : [],
      );
      return { members, edges };
    });
    expect(found).toEqual([]);
  });
});
