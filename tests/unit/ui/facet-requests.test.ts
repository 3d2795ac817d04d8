import { describe, expect, it } from 'vitest';
import { facetRequests } from '@/lib/ui/facet-requests';

describe('facet requests', () => {
  const specs = [
    { id: 'films', keys: ['film'], facet: 'film' },
    { id: 'emotion', keys: ['p_emotion'], facet: 'p_emotion' },
    { id: 'brightness', keys: ['brightness'], histogram: 'brightness' },
  ];

  it('counts each group with every other filter, sharing requests where the queries agree', () => {
    const requests = facetRequests(new URLSearchParams('film=a&brightness__gte=10&_sort=frame&_color=ff0000'), specs, 20);
    expect(requests).toEqual([
      { query: 'brightness__gte=10&_color=ff0000&_size=0&_facet=film', ids: ['films'] },
      { query: 'film=a&brightness__gte=10&_color=ff0000&_size=0&_facet=p_emotion', ids: ['emotion'] },
      { query: 'film=a&_color=ff0000&_size=0&_histogram=brightness&_bins=20', ids: ['brightness'] },
    ]);
  });

  it('asks once when no group has a filter of its own', () => {
    expect(facetRequests(new URLSearchParams('frame__gt=3'), specs, 24)).toEqual([
      { query: 'frame__gt=3&_size=0&_facet=film&_facet=p_emotion&_histogram=brightness&_bins=24', ids: ['films', 'emotion', 'brightness'] },
    ]);
  });

  it('asks nothing for a group without counts of its own', () => {
    expect(facetRequests(new URLSearchParams('character=Irving'), [...specs, { id: 'characters', keys: ['character'] }], 8).flatMap((r) => r.ids)).not.toContain('characters');
  });
});
