/**
 * The filter registry as a table, in the manner of Datasette's test_filters.py:
 * query string -> SQL, bound parameters, and the English description.
 */
import { describe, expect, it } from 'vitest';
import { FRAME_COLUMN_NAMES } from '@/lib/db/columns';
import { QueryError } from '@/lib/errors';
import { buildWhere, describeWhere, OPERATORS } from '@/lib/query/filters';

/** The SQL side of the clause; the columnar side is held to it by tests/unit/query/columnar-parity.test.ts. */
const where = (query: string) => {
  const { sql, params, descriptions } = buildWhere(new URLSearchParams(query));
  return { sql, params, descriptions };
};

const CASES: Array<[query: string, sql: string, params: unknown[], descriptions: string[]]> = [
  // every operator
  ['faces_found=2', '"faces_found" = ?', [2], ['faces_found = 2']],
  ['faces_found__exact=2', '"faces_found" = ?', [2], ['faces_found = 2']],
  ['p_emotion__not=happy', '"p_emotion" IS NOT ?', ['happy'], ['p_emotion is not "happy"']],
  ['faces_found__gt=1', '"faces_found" > ?', [1], ['faces_found > 1']],
  ['faces_found__gte=2', '"faces_found" >= ?', [2], ['faces_found >= 2']],
  ['brightness__lt=40', '"brightness" < ?', [40], ['brightness < 40']],
  ['brightness__lte=40', '"brightness" <= ?', [40], ['brightness <= 40']],
  ['faces_found__in=1,2,3', '"faces_found" IN (?, ?, ?)', [1, 2, 3], ['faces_found in [1, 2, 3]']],
  ['p_emotion__in=happy,sad', '"p_emotion" IN (?, ?)', ['happy', 'sad'], ['p_emotion in ["happy", "sad"]']],
  ['p_center_alignment__in_or_null=left', '("p_center_alignment" IN (?) OR "p_center_alignment" IS NULL)', ['left'], ['p_center_alignment in ["left"] or is null']],
  ['p_face_cluster__in_or_null=1,3', '("p_face_cluster" IN (?, ?) OR "p_face_cluster" IS NULL)', [1, 3], ['p_face_cluster in [1, 3] or is null']],
  ['p_emotion__contains=app', '"p_emotion" LIKE ? ESCAPE \'\\\'', ['%app%'], ['p_emotion contains "app"']],
  ['p_emotion__isnull=1', '"p_emotion" IS NULL', [], ['p_emotion is null']],
  ['p_emotion__notnull=1', '"p_emotion" IS NOT NULL', [], ['p_emotion is not null']],
  // the seed's medium close-up
  [
    'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20',
    '"prim_char_flag" = ? AND "p_face_size" > ? AND "p_face_size" < ?',
    [1, 4, 20],
    ['prim_char_flag = 1', 'p_face_size > 4', 'p_face_size < 20'],
  ],
  // film=: one is exact, repeated is IN, kept at the position of the first
  ['film=joker_2019', '"film" = ?', ['joker_2019'], ['film = "joker_2019"']],
  [
    'film=joker_2019&faces_found=1&film=the_hustle_2019',
    '"film" IN (?, ?) AND "faces_found" = ?',
    ['joker_2019', 'the_hustle_2019', 1],
    ['film in ["joker_2019", "the_hustle_2019"]', 'faces_found = 1'],
  ],
  ['film=a,b', '"film" = ?', ['a,b'], ['film = "a,b"']],
  ['film__in=a,b', '"film" IN (?, ?)', ['a', 'b'], ['film in ["a", "b"]']],
  ['frame__gte=10&frame__lte=20', '"frame" >= ? AND "frame" <= ?', [10, 20], ['frame >= 10', 'frame <= 20']],
  // repeated filters on other columns are ANDed
  ['faces_found__gt=0&faces_found__gt=1', '"faces_found" > ? AND "faces_found" > ?', [0, 1], ['faces_found > 0', 'faces_found > 1']],
  // type coercion: integers, reals (as bound, so the description shows the number used), text untouched
  ['p_face_size__gt=4.50', '"p_face_size" > ?', [4.5], ['p_face_size > 4.5']],
  ['p_face_size__gt=4', '"p_face_size" > ?', [4], ['p_face_size > 4']],
  ['aspect_ratio=2.39', '"aspect_ratio" = ?', [2.39], ['aspect_ratio = 2.39']],
  ['p_horizontal_distance__lt=1e3', '"p_horizontal_distance" < ?', [1000], ['p_horizontal_distance < 1000']],
  ['p_face_cluster=-.5', '"p_face_cluster" = ?', [-0.5], ['p_face_cluster = -0.5']],
  ['brightness=+7', '"brightness" = ?', [7], ['brightness = 7']],
  ['brightness__in= 1, 2', '"brightness" IN (?, ?)', [1, 2], ['brightness in [1, 2]']],
  ['p_emotion=42', '"p_emotion" = ?', ['42'], ['p_emotion = "42"']],
  ['p_emotion= happy', '"p_emotion" = ?', [' happy'], ['p_emotion = " happy"']],
  ['p_emotion=', '"p_emotion" = ?', [''], ['p_emotion = ""']],
  // contains is literal: LIKE wildcards and the escape character itself are escaped
  ['p_emotion__contains=50%25', '"p_emotion" LIKE ? ESCAPE \'\\\'', ['%50\\%%'], ['p_emotion contains "50%"']],
  ['p_emotion__contains=ha_py', '"p_emotion" LIKE ? ESCAPE \'\\\'', ['%ha\\_py%'], ['p_emotion contains "ha_py"']],
  ['p_emotion__contains=a%5Cb', '"p_emotion" LIKE ? ESCAPE \'\\\'', ['%a\\\\b%'], ['p_emotion contains "a\\\\b"']],
  // quotes and replacement patterns in values stay data
  ["film=x' OR 1=1--", '"film" = ?', ["x' OR 1=1--"], ['film = "x\' OR 1=1--"']],
  ['p_emotion=%24%26%24%60', '"p_emotion" = ?', ['$&$`'], ['p_emotion = "$&$`"']],
  ['p_emotion=say+%22hi%22', '"p_emotion" = ?', ['say "hi"'], ['p_emotion = "say \\"hi\\""']],
  // reserved parameters are not filters
  ['_sort=frame&_size=10&_facet=p_emotion&_next=abc&_sort_desc=x', '', [], []],
  ['', '', [], []],
];

describe('buildWhere', () => {
  it.each(CASES)('%s', (query, sql, params, descriptions) => {
    expect(where(query)).toEqual({ sql, params, descriptions });
  });

  it('covers every operator in the table', () => {
    const used = new Set(CASES.flatMap(([query]) => [...new URLSearchParams(query).keys()].map((k) => k.split('__')[1] ?? 'exact')));
    for (const op of OPERATORS) expect(used, op.key).toContain(op.key);
  });

  it('binds one parameter per placeholder', () => {
    for (const [query] of CASES) {
      const clause = where(query);
      expect((clause.sql.match(/\?/g) ?? []).length, query).toBe(clause.params.length);
    }
  });

  it('accepts every column with every operator its type allows', () => {
    for (const column of FRAME_COLUMN_NAMES) {
      expect(where(`${column}__notnull=1`).sql).toBe(`"${column}" IS NOT NULL`);
      expect(where(`${column}__gte=1`).params).toEqual([['film', 'p_center_alignment', 'p_emotion', 'blank'].includes(column) ? '1' : 1]);
    }
  });
});

describe('describeWhere', () => {
  it('joins the descriptions into the sentence shown above results', () => {
    expect(describeWhere(where('prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20').descriptions)).toBe(
      'where prim_char_flag = 1 and p_face_size > 4 and p_face_size < 20',
    );
    expect(describeWhere([])).toBe('');
  });
});

const ERRORS: Array<[query: string, param: string, message: RegExp]> = [
  ['faces_found__gt=abc', 'faces_found__gt', /integer.*"abc"/],
  ['faces_found=1.5', 'faces_found', /integer.*"1.5"/],
  ['faces_found=', 'faces_found', /integer.*""/],
  ['faces_found=99999999999999999999', 'faces_found', /integer/],
  ['frame=0x10', 'frame', /integer/],
  ['p_face_size__lt=abc', 'p_face_size__lt', /number.*"abc"/],
  ['p_face_size=1e999', 'p_face_size', /number/],
  ['p_face_size=NaN', 'p_face_size', /number/],
  ['p_face_size=Infinity', 'p_face_size', /number/],
  ['nope=1', 'nope', /unknown column "nope"/],
  ['nope__gt=1', 'nope__gt', /unknown column "nope"/],
  ['"frame"; DROP TABLE frames=1', '"frame"; DROP TABLE frames', /unknown column/],
  ['faces_found__like=1', 'faces_found__like', /unknown operator "like"/],
  ['faces_found__=1', 'faces_found__', /unknown operator ""/],
  ['__proto__=1', '__proto__', /unknown parameter/],
  ['constructor=1', 'constructor', /unknown column/],
  ['_sortt=frame', '_sortt', /unknown parameter.*_sort/],
  ['_=1', '_', /unknown parameter/],
  ['p_emotion__isnull=2', 'p_emotion__isnull', /must be 1.*"2"/],
  ['p_emotion__isnull=', 'p_emotion__isnull', /must be 1/],
  ['p_emotion__notnull=true', 'p_emotion__notnull', /must be 1.*"true"/],
  ['faces_found__in=', 'faces_found__in', /one or more/],
  ['p_emotion__in=', 'p_emotion__in', /one or more/],
  ['faces_found__in=1,,2', 'faces_found__in', /empty value/],
  ['p_emotion__in=happy,', 'p_emotion__in', /empty value/],
  ['faces_found__in=1,x', 'faces_found__in', /integer.*"x"/],
  ['faces_found__contains=1', 'faces_found__contains', /text columns only; faces_found is integer/],
  ['p_face_size__contains=1', 'p_face_size__contains', /text columns only; p_face_size is real/],
  ['film=ok&frame=first', 'frame', /integer.*"first"/],
];

describe('buildWhere errors', () => {
  it.each(ERRORS)('%s', (query, param, message) => {
    let error: unknown;
    try {
      where(query);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).param).toBe(param);
    expect((error as QueryError).message.startsWith(`${param}: `)).toBe(true);
    expect((error as QueryError).message).toMatch(message);
  });
});
