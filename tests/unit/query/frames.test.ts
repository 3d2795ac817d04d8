/**
 * The query functions against a real SQLite file, checked against a
 * brute-force JS filter, sort and count over the very rows inserted.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnType, FRAME_COLUMN_NAMES, FRAME_COLUMNS, type FrameColumn, type FrameRow } from '@/lib/db/columns';
import { FACET_LIMIT } from '@/lib/query/facets';
import { OPERATORS } from '@/lib/query/filters';
import { QueryError, queryFrames, type FramesPage } from '@/lib/query/frames';
import { makeLibrary, type Library } from './library-fixture';
import { deltaE, rgbToLab } from '@/lib/color/lab';

let lib: Library;
beforeAll(() => {
  lib = makeLibrary();
});
afterAll(() => lib.close());

const query = (q: string | URLSearchParams): FramesPage => queryFrames(lib.db, new URLSearchParams(q));

type Value = string | number | null;
type Predicate = (row: FrameRow) => boolean;

/** The oracle: what each operator means, written independently of the SQL. */
function matches(op: string, cell: Value, arg: string): boolean {
  const typed = (raw: string) => (typeof cell === 'number' ? Number(raw) : raw);
  switch (op) {
    case 'exact':
      return cell !== null && cell === typed(arg);
    case 'not':
      return cell === null || cell !== typed(arg);
    case 'gt':
      return cell !== null && cell > typed(arg);
    case 'gte':
      return cell !== null && cell >= typed(arg);
    case 'lt':
      return cell !== null && cell < typed(arg);
    case 'lte':
      return cell !== null && cell <= typed(arg);
    case 'in':
      return cell !== null && arg.split(',').some((item) => cell === typed(item));
    case 'in_or_null':
      return cell === null || arg.split(',').some((item) => cell === typed(item));
    case 'contains': // LIKE: case-insensitive for ASCII, which is all the fixture holds
      return cell !== null && String(cell).toLowerCase().includes(arg.toLowerCase());
    case 'isnull':
      return cell === null;
    case 'notnull':
      return cell !== null;
  }
  throw new Error(`oracle has no operator ${op}`);
}

function oracle(q: string): Predicate {
  const params = [...new URLSearchParams(q)].filter(([name]) => !name.startsWith('_'));
  const films = params.filter(([name]) => name === 'film').map(([, v]) => v);
  const others = params.filter(([name]) => name !== 'film');
  return (row) =>
    (films.length === 0 || films.includes(row.film)) &&
    others.every(([name, arg]) => {
      const [column, op = 'exact'] = name.split('__');
      return matches(op, row[column as FrameColumn], arg);
    });
}

function expectedOrder(rows: FrameRow[], sort: { column: FrameColumn; desc: boolean } | null): string[] {
  const key = (r: FrameRow) => `${r.film}#${r.frame}`;
  return [...rows]
    .sort((a, b) => {
      if (sort) {
        const x = a[sort.column];
        const y = b[sort.column];
        if (x === null || y === null) {
          if (x !== y) return x === null ? 1 : -1; // NULLs last in both directions
        } else if (x !== y) {
          return (x < y ? -1 : 1) * (sort.desc ? -1 : 1);
        }
      }
      return a.film !== b.film ? (a.film < b.film ? -1 : 1) : a.frame - b.frame;
    })
    .map(key);
}

function allPages(q: string): { keys: string[]; pages: FramesPage[] } {
  const params = new URLSearchParams(q);
  const pages: FramesPage[] = [];
  for (;;) {
    const page = queryFrames(lib.db, params);
    pages.push(page);
    if (page.next === null) break;
    params.set('_next', page.next);
    if (pages.length > 1000) throw new Error(`pagination of ${q} does not end`);
  }
  return { keys: pages.flatMap((p) => p.frames.map((r) => `${r.film}#${r.frame}`)), pages };
}

describe('columns', () => {
  it('match the frames table of the migrations, in order, with their types and NOT NULLs', () => {
    const schema = lib.db.prepare('SELECT name, type, "notnull" FROM pragma_table_info(\'frames\') ORDER BY cid').all();
    expect(schema).toEqual(
      FRAME_COLUMN_NAMES.map((name) => ({ name, type: FRAME_COLUMNS[name].type.toUpperCase(), notnull: FRAME_COLUMNS[name].nullable ? 0 : 1 })),
    );
  });
});

describe('queryFrames totals', () => {
  const QUERIES = [
    '',
    'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20',
    'faces_found__gte=2',
    'faces_found=0',
    'faces_found__isnull=1',
    'p_emotion=happy',
    'p_emotion__not=happy',
    'p_emotion__contains=HAPP',
    'p_emotion__contains=ha%25py',
    'p_emotion__contains=ha_py',
    'p_emotion__contains=%5C',
    "p_emotion__contains='",
    'p_emotion__contains=%24%26',
    'p_emotion__in=sad,fear,ha_py',
    'p_emotion__gt=h&p_emotion__lt=s',
    'p_center_alignment__not=left',
    'p_center_alignment__isnull=1&faces_found__gt=0',
    'film=joker_2019',
    'film=joker_2019&film=the_hustle_2019&prim_char_flag=1',
    'film__contains=_h',
    'film__in=before_sunset_2004,joker_2019&blank__notnull=1',
    'aspect_ratio=2.39&has_image=1',
    'p_face_size__gte=4.5&p_face_size__lte=4.5',
    'frame__gt=50&frame__lte=60&film__not=joker_2019',
    'red__gt=200&green__lt=50&blue__in=1,2,3,4,5,6,7,8,9,10,200,201,202',
    'p_open_mouth=1&p_face_cluster__in=1,2,3',
    'width__isnull=1',
    'p_horizontal_distance__gt=450.5',
  ];

  it.each(QUERIES)('%s', (q) => {
    const expected = lib.frames.filter(oracle(q));
    const page = query(`${q}&_size=1000`);
    expect(page.total).toBe(expected.length);
    expect(page.frames.map((r) => `${r.film}#${r.frame}`)).toEqual(expectedOrder(expected, null));
  });

  it('finds the rows the fixture planted for the literal contains checks', () => {
    expect(query('p_emotion__contains=ha%25py').total).toBeGreaterThan(0);
    expect(query('p_emotion__contains=ha_py').total).toBeLessThan(query('p_emotion__contains=ha').total);
  });

  it('agrees with the oracle for generated combinations of filters', () => {
    const filterable = FRAME_COLUMN_NAMES;
    const condition = fc
      .record({
        column: fc.constantFrom(...filterable),
        op: fc.constantFrom(...OPERATORS.map((o) => o.key)),
        rows: fc.array(fc.nat(lib.frames.length - 1), { minLength: 1, maxLength: 3 }),
        cut: fc.nat(3),
      })
      .map(({ column, op, rows, cut }) => {
        const values = rows.map((i) => lib.frames[i][column]).map((v) => (v === null ? (columnType(column) === 'text' ? 'x' : '1') : String(v)));
        if (op === 'isnull' || op === 'notnull') return [`${column}__${op}`, '1'];
        if (op === 'contains') return columnType(column) === 'text' ? [`${column}__contains`, values[0].slice(cut)] : [`${column}__notnull`, '1'];
        if (op === 'in' || op === 'in_or_null') return [`${column}__${op}`, values.join(',')];
        return [`${column}__${op}`, values[0]];
      });
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 3 }), (conditions) => {
        const q = new URLSearchParams(conditions as Array<[string, string]>).toString();
        expect(query(q).total, q).toBe(lib.frames.filter(oracle(q)).length);
      }),
      { seed: 1953, numRuns: 200 },
    );
  });

  it('splits every column into col=v and col__not=v with nothing lost (NULLs go to __not)', () => {
    const all = lib.frames.length;
    for (const column of FRAME_COLUMN_NAMES) {
      const value = lib.frames.map((r) => r[column]).find((v) => v !== null);
      const q = new URLSearchParams({ [column]: String(value) });
      const not = new URLSearchParams({ [`${column}__not`]: String(value) });
      expect(query(q).total + query(not).total, column).toBe(all);
    }
  });
});

describe('queryFrames pages', () => {
  const SORTS: Array<[q: string, sort: { column: FrameColumn; desc: boolean } | null]> = [
    ['', null],
    ['_sort=p_face_size', { column: 'p_face_size', desc: false }],
    ['_sort_desc=p_face_size', { column: 'p_face_size', desc: true }],
    ['_sort=p_emotion', { column: 'p_emotion', desc: false }],
    ['_sort_desc=p_emotion', { column: 'p_emotion', desc: true }],
    ['_sort_desc=brightness', { column: 'brightness', desc: true }],
    ['_sort=has_image', { column: 'has_image', desc: false }],
    ['_sort=film', { column: 'film', desc: false }],
    ['_sort_desc=frame', { column: 'frame', desc: true }],
  ];
  const FILTERS = ['', 'faces_found__gte=1', 'film=joker_2019&film=the_hustle_2019'];

  for (const [sortQuery, sort] of SORTS) {
    for (const filter of FILTERS) {
      it(`visits every row once, in order: ${sortQuery || 'default order'} ${filter}`, () => {
        const q = [filter, sortQuery, '_size=7'].filter(Boolean).join('&');
        const expected = expectedOrder(lib.frames.filter(oracle(filter)), sort);
        const { keys, pages } = allPages(q);
        expect(keys).toEqual(expected);
        expect(new Set(keys).size).toBe(keys.length);
        for (const page of pages) {
          expect(page.total).toBe(expected.length);
          expect(page.frames.length).toBeLessThanOrEqual(7);
        }
        expect(pages.at(-2)?.frames.length ?? 7).toBe(7);
      });
    }
  }

  it('has NULLs in the sorted columns, so the NULL handling is exercised', () => {
    for (const column of ['p_face_size', 'p_emotion', 'brightness'] as const) {
      expect(lib.frames.some((r) => r[column] === null)).toBe(true);
    }
  });

  it('ends with next = null when the last page is exactly full', () => {
    const total = query('film=the_hustle_2019').total;
    const first = query(`film=the_hustle_2019&_size=${total}`);
    expect(first.frames).toHaveLength(total);
    expect(first.next).toBeNull();
  });

  it('defaults to 100 rows a page and allows 1000', () => {
    expect(query('').frames).toHaveLength(100);
    expect(query('_size=1000').frames).toHaveLength(lib.frames.length);
  });

  it("carries each frame's face boxes in face_index order", () => {
    const page = query('faces_found__gte=1&_size=1000');
    const withFaces = page.frames.filter((f) => f.faces.length > 0);
    expect(withFaces.length).toBeGreaterThan(50);
    for (const row of page.frames) {
      const expected = lib.faces.filter((f) => f.film === row.film && f.frame === row.frame).map((f) => [f.top, f.right, f.bottom, f.left]);
      expect(row.faces, `${row.film} frame ${row.frame}`).toEqual(expected);
      expect(row.faces).toHaveLength(row.faces_found ?? 0);
    }
  });

  it('returns every frames column of a row, as stored', () => {
    const page = query('film=joker_2019&_size=1000');
    const expected = lib.frames.filter((r) => r.film === 'joker_2019');
    expect(page.frames.map(({ faces: _faces, ...row }) => row)).toEqual(expected);
    expect(Object.keys(page.frames[0])).toEqual([...FRAME_COLUMN_NAMES, 'faces']);
  });

  it('says in English what it filtered on', () => {
    expect(query('prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20').where).toBe(
      'where prim_char_flag = 1 and p_face_size > 4 and p_face_size < 20',
    );
    expect(query('').where).toBe('');
  });
});

describe('queryFrames facets', () => {
  function bruteFacet(rows: FrameRow[], column: FrameColumn): Map<Value, number> {
    const counts = new Map<Value, number>();
    for (const row of rows) counts.set(row[column], (counts.get(row[column]) ?? 0) + 1);
    return counts;
  }

  it.each(['p_emotion', 'faces_found', 'blank', 'film', 'p_face_cluster'] as const)('counts %s over the filtered frames', (column) => {
    const q = 'has_image=1&frame__gt=5';
    const facet = query(`${q}&_facet=${column}`).facets[column];
    const expected = bruteFacet(lib.frames.filter(oracle(q)), column);
    expect(new Map(facet.map((f) => [f.value, f.count]))).toEqual(expected);
    const nonNull = facet.filter((f) => f.value !== null);
    expect(nonNull.map((f) => f.count)).toEqual([...nonNull.map((f) => f.count)].sort((a, b) => b - a));
  });

  it(`lists the top ${FACET_LIMIT} values, then the NULL count`, () => {
    const facet = query('_facet=brightness').facets.brightness;
    const expected = bruteFacet(lib.frames, 'brightness');
    expect(expected.size).toBeGreaterThan(FACET_LIMIT + 1);
    expect(facet).toHaveLength(FACET_LIMIT + 1);
    expect(facet.at(-1)).toEqual({ value: null, count: expected.get(null) });
    const top = [...expected].filter(([v]) => v !== null).sort(([va, a], [vb, b]) => b - a || (va as number) - (vb as number));
    expect(facet.slice(0, FACET_LIMIT)).toEqual(top.slice(0, FACET_LIMIT).map(([value, count]) => ({ value, count })));
  });

  it('computes several facets, once per column', () => {
    const page = query('_facet=blank&_facet=p_emotion&_facet=blank');
    expect(Object.keys(page.facets)).toEqual(['blank', 'p_emotion']);
    expect(query('').facets).toEqual({});
  });
});

describe('queryFrames random access, counts only, histograms and colour', () => {
  it('_offset returns the same rows as walking the pages, in any order', () => {
    for (const sortQuery of ['', '_sort_desc=p_face_size', '_sort=p_emotion']) {
      const all = allPages([sortQuery, '_size=50'].filter(Boolean).join('&')).keys;
      for (const offset of [0, 1, 49, 50, 333]) {
        const page = query([sortQuery, `_offset=${offset}`, '_size=20'].filter(Boolean).join('&'));
        expect(page.frames.map((r) => `${r.film}#${r.frame}`)).toEqual(all.slice(offset, offset + 20));
      }
      expect(query([sortQuery, `_offset=${all.length}`].filter(Boolean).join('&')).frames).toEqual([]);
    }
  });

  it('_size=0 answers the counts without frames', () => {
    const page = query('faces_found__gte=1&_size=0&_facet=p_emotion');
    expect(page.frames).toEqual([]);
    expect(page.next).toBeNull();
    expect(page.total).toBe(lib.frames.filter(oracle('faces_found__gte=1')).length);
    expect(page.facets.p_emotion.reduce((sum, f) => sum + f.count, 0)).toBe(page.total);
  });

  it('histograms count every filtered value into equal-width bins', () => {
    const q = 'has_image=1';
    const rows = lib.frames.filter(oracle(q));
    for (const [column, bins] of [['p_face_size', 24], ['brightness', 10], ['faces_found', 24], ['aspect_ratio', 5]] as const) {
      const h = query(`${q}&_size=0&_histogram=${column}&_bins=${bins}`).histograms[column];
      const values = rows.map((r) => r[column]).filter((v): v is number => v !== null);
      expect(h.min).toBe(Math.min(...values));
      expect(h.max).toBe(Math.max(...values));
      expect(h.nulls).toBe(rows.length - values.length);
      expect(h.bins.reduce((sum, b) => sum + b.count, 0)).toBe(values.length);
      h.bins.forEach((bin, i) => {
        const last = i === h.bins.length - 1;
        const inside = values.filter((v) => v >= bin.from && (v < bin.to || (last && v <= bin.to)));
        expect(inside.length, `${column} bin ${i}`).toBe(bin.count);
      });
    }
    // whole-number bins for integer columns: faces_found 0-3 is four bars
    expect(query('_size=0&_histogram=faces_found').histograms.faces_found.bins.map((b) => b.from)).toEqual([0, 1, 2, 3]);
  });

  it('an empty selection has an empty histogram', () => {
    expect(query('film=nope&_size=0&_histogram=brightness').histograms.brightness).toEqual({ min: null, max: null, nulls: 0, bins: [] });
  });

  it('_color keeps the frames within the CIELAB distance, and says so', () => {
    const target = rgbToLab(200, 120, 40);
    for (const distance of [5, 20, 45]) {
      const page = query(`_color=c87828&_color_distance=${distance}&_size=1000`);
      const expected = lib.frames.filter((r) => r.lab_l !== null && deltaE({ l: r.lab_l, a: r.lab_a!, b: r.lab_b! }, target) <= distance);
      expect(page.frames.map((r) => `${r.film}#${r.frame}`)).toEqual(expected.map((r) => `${r.film}#${r.frame}`));
      expect(page.where).toBe(`where colour within ΔE ${distance} of #c87828`);
    }
    expect(query('_color=c87828&_color_distance=45').total).toBeGreaterThan(0);
    expect(query('faces_found=1&_color=C87828').where).toBe('where faces_found = 1 and colour within ΔE 10 of #c87828');
  });
});

describe('queryFrames errors', () => {
  const ERRORS: Array<[q: string, param: string]> = [
    ['_size=5000', '_size'],
    ['_offset=-1', '_offset'],
    ['_offset=3&_next=eyJ9', '_next'],
    ['_histogram=p_emotion', '_histogram'],
    ['_histogram=nope', '_histogram'],
    ['_histogram=brightness&_bins=0', '_bins'],
    ['_bins=5', '_bins'],
    ['_color=orange', '_color'],
    ['_color=ff8800&_color_distance=-3', '_color_distance'],
    ['_color_distance=5', '_color_distance'],
    ['_size=ten', '_size'],
    ['_size=1&_size=2', '_size'],
    ['_sort=nope', '_sort'],
    ['_sort_desc="frame"; DROP TABLE frames', '_sort_desc'],
    ['_sort=frame&_sort_desc=film', '_sort'],
    ['_facet=nope', '_facet'],
    ['_next=!!!', '_next'],
    ['_next=bm90IGpzb24', '_next'],
    ['faces_found__gt=abc', 'faces_found__gt'],
    ['_bogus=1', '_bogus'],
  ];

  it.each(ERRORS)('%s', (q, param) => {
    expect(() => query(q)).toThrow(QueryError);
    try {
      query(q);
    } catch (e) {
      expect((e as QueryError).param).toBe(param);
      expect((e as QueryError).message).toContain(param);
    }
  });

  it('refuses a cursor made for another sort, or with a sort value of the wrong type', () => {
    const next = query('_sort=p_face_size&_size=5').next as string;
    expect(() => query(`_sort_desc=p_face_size&_next=${next}`)).toThrow(/_next: was made for sort "p_face_size"/);
    expect(() => query(`_next=${next}`)).toThrow(/_next: was made for sort "p_face_size", not this one/);
    const forged = Buffer.from(JSON.stringify({ s: 'p_face_size', v: 'big', f: 'joker_2019', n: 3 })).toString('base64url');
    expect(() => query(`_sort=p_face_size&_next=${forged}`)).toThrow(/_next: holds a sort value of the wrong type/);
    const nullFilm = Buffer.from(JSON.stringify({ s: 'film', v: null, f: 'joker_2019', n: 3 })).toString('base64url');
    expect(() => query(`_sort=film&_next=${nullFilm}`)).toThrow(/_next: holds a sort value/);
  });
});

describe('SQL injection', () => {
  it('treats quotes in values as data', () => {
    expect(query("film=x' OR 1=1--").total).toBe(0);
    expect(query('p_emotion=happy" OR "1"="1').total).toBe(0);
    expect(query("film__in=x') OR 1=1 --,y").total).toBe(0);
    expect(query("p_emotion__contains=' OR 1=1--").total).toBe(0);
  });

  it('refuses SQL as a column name, sort or facet, and the table survives', () => {
    for (const q of [
      '"frame"; DROP TABLE frames=1',
      '"frame"; DROP TABLE frames__gt=1',
      'frame" OR 1=1 --=1',
      '_sort=frame"; DROP TABLE frames; --',
      '_facet=frame) FROM frames; DROP TABLE frames; --',
    ]) {
      expect(() => query(q), q).toThrow(QueryError);
    }
    expect(query('').total).toBe(lib.frames.length);
  });
});
