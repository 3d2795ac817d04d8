import { describe, expect, it } from 'vitest';
import { readDataFramePickle } from '@/lib/pickle';
import { listFixtures, tableAsTruth, truthForComparison } from '../../helpers/pickle-truth';

const fixtures = listFixtures();

describe('pickles written by real pandas read back exactly as pandas reads them', () => {
  it('has fixtures from pandas 1.5, 2.3 and 3.0 at every protocol', () => {
    const versions = new Set(fixtures.map((f) => f.version));
    expect([...versions].sort()).toEqual(['pandas-1.5', 'pandas-2.3', 'pandas-3.0']);
    for (const protocol of [2, 3, 4, 5]) {
      expect(fixtures.filter((f) => f.pickle.endsWith(`face_df.p${protocol}.pkl`))).toHaveLength(3);
    }
  });

  for (const fixture of fixtures) {
    const name = `${fixture.version}/${fixture.pickle.split('/').pop()}`;
    it(name, async () => {
      const table = await readDataFramePickle(fixture.pickle);
      const truth = fixture.truth();
      expect(truth.file).toBe(fixture.pickle.split('/').pop());
      expect(tableAsTruth(table)).toEqual(truthForComparison(truth));
    });
  }
});
