/**
 * Negatives the user chooses (positive-negative): the frames matching a
 * query, or the members of a selection, instead of the seed's "every other
 * frame of the same films"; a frame in both sets is positive and counted;
 * blank frames can be kept out of the negatives. Checked on the plan's own
 * rows against SQL over the same demo database, with and without splits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExportRequest, planExport, type ExportRequestInput } from '@/lib/export';
import { QueryError } from '@/lib/errors';
import { createSelection } from '@/lib/selections';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
const MCU_SQL = 'prim_char_flag = 1 AND p_face_size > 4 AND p_face_size < 20';

let demo: DemoDatabase;
let wide: number;
beforeAll(async () => {
  demo = await demoDatabase('negatives');
  wide = createSelection(demo.db, { name: 'faces far away', query: 'p_face_size__lt=6' }).id;
});
afterAll(() => demo.cleanup());

const keys = (sql: string) => new Set((demo.db.prepare(`SELECT film || ':' || frame AS k FROM frames WHERE has_image = 1 AND (${sql})`).all() as Array<{ k: string }>).map((r) => r.k));
const count = (sql: string) => keys(sql).size;

function planned(input: Partial<ExportRequestInput>) {
  const plan = planExport(demo.db, parseExportRequest({ layout: 'positive-negative', query: MCU, target: 'zip', ...input }).options);
  const positive = new Set<string>();
  const negative = new Set<string>();
  for (const frame of plan.rows()) (frame.label === 'positive' ? positive : negative).add(`${frame.film}:${frame.frame}`);
  return { plan, positive, negative };
}

const SPLITS: Array<[string, Partial<ExportRequestInput>]> = [
  ['no split', {}],
  ['split by shot', { split: { train: 0.8, test: 0.2 } }],
  ['split by frame', { split: { train: 0.7, validation: 0.15, test: 0.15 }, splitBy: 'frame' }],
  ['split by film', { split: { train: 0.5, test: 0.5 }, splitBy: 'film' }],
];

describe.each(SPLITS)('negatives, %s', (_name, split) => {
  it('by query: the frames matching it, positives taken out and counted', () => {
    const negativeSql = 'p_emotion IS NOT NULL AND p_emotion <> \'happy\'';
    const { plan, positive, negative } = planned({ ...split, negative: 'query', negativeQuery: 'p_emotion__notnull=1&p_emotion__not=happy' });
    expect(positive).toEqual(keys(MCU_SQL));
    expect(negative).toEqual(keys(`(${negativeSql}) AND NOT (${MCU_SQL})`));
    expect(plan.counts.inBothSets).toBe(count(`(${negativeSql}) AND (${MCU_SQL})`));
    expect(plan.counts.inBothSets).toBeGreaterThan(0);
  });

  it("by selection: its members, the positives' own frames never negative", () => {
    const { plan, positive, negative } = planned({ ...split, negativeSelection: wide });
    expect(positive).toEqual(keys(MCU_SQL));
    expect(negative).toEqual(keys(`p_face_size < 6 AND NOT (${MCU_SQL})`));
    expect(plan.counts.inBothSets).toBe(count(`p_face_size < 6 AND (${MCU_SQL})`));
  });

  it('blank frames left out of the negatives, and counted', () => {
    const sameFilms = `film IN (SELECT film FROM frames WHERE ${MCU_SQL}) AND NOT (${MCU_SQL})`;
    const { plan, negative } = planned({ ...split, blankNegatives: false });
    expect(negative).toEqual(keys(`${sameFilms} AND blank IS NULL`));
    expect(plan.counts.droppedBy.blankNegatives).toBe(count(`${sameFilms} AND blank IS NOT NULL`));
    expect(plan.counts.droppedBy.blankNegatives).toBeGreaterThan(0);
  });
});

describe('negative options', () => {
  it.each([
    [{ layout: 'flat', negative: 'query', negativeQuery: 'faces_found=0' }, 'negative'],
    [{ layout: 'by:p_emotion', blankNegatives: false }, 'blankNegatives'],
    [{ layout: 'positive-negative', negative: 'query' }, 'negativeQuery'],
    [{ layout: 'positive-negative', negative: 'selection' }, 'negativeSelection'],
    [{ layout: 'positive-negative', negative: 'same-films', negativeQuery: 'faces_found=0' }, 'negativeQuery'],
    [{ layout: 'positive-negative', negativeQuery: 'faces_found=0', negativeSelection: 1 }, 'negative'],
  ])('refuses %j naming %s', (body, param) => {
    let error: unknown;
    try {
      parseExportRequest({ target: 'zip', ...body });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).param).toBe(param);
  });

  it('names the field of a bad negative query or a deleted negative selection', () => {
    expect(() => planned({ negativeQuery: 'nope=1' })).toThrow(/^negativeQuery: /);
    expect(() => planned({ negativeSelection: 424242 })).toThrow(/^negativeSelection: no selection has id 424242/);
  });
});
