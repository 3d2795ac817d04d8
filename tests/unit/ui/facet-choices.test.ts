import { describe, expect, it } from 'vitest';
import { characterEntries, characterLabel, chosenCluster } from '@/lib/ui/character-choice';
import { choicesEntries, facetChoices, flagChoice, flagEntries, NULL_CHOICE, selectedChoices } from '@/lib/ui/facet-choices';
import { filmTitle, shortFilmTitle } from '@/lib/ui/film-title';
import { choiceEntries, conditionsOn, satisfies } from '@/lib/ui/filter-params';

const q = (query: string) => new URLSearchParams(query);
const ALIGNMENT = [
  { value: 'left', count: 106 },
  { value: 'right', count: 65 },
  { value: null, count: 83 },
];

describe('facet choices with their NULL bucket', () => {
  it('lists the NULL bucket last, under its label, with its count', () => {
    expect(facetChoices('p_center_alignment', ALIGNMENT, q(''), 'centred or no face').map((c) => [c.label, c.count])).toEqual([
      ['left', 106],
      ['right', 65],
      ['centred or no face', 83],
    ]);
    expect(facetChoices('p_emotion', [{ value: 'happy', count: 3 }], q(''), 'no emotion').map((c) => c.value)).toEqual(['happy']);
  });

  it('writes col__isnull=1 for the bucket alone and col__in_or_null with values', () => {
    const choices = facetChoices('p_center_alignment', ALIGNMENT, q(''), 'centred');
    expect(choicesEntries('p_center_alignment', choices, [NULL_CHOICE])).toEqual([['p_center_alignment__isnull', '1']]);
    expect(choicesEntries('p_center_alignment', choices, ['left', NULL_CHOICE])).toEqual([['p_center_alignment__in_or_null', 'left']]);
    expect(choicesEntries('p_center_alignment', choices, ['left', 'right'])).toEqual([['p_center_alignment__in', 'left,right']]);
    expect(choiceEntries('p_face_cluster', [1, 3, null])).toEqual([['p_face_cluster__in_or_null', '1,3']]);
  });

  it('reads back which choices the URL selects, the bucket included', () => {
    const choices = facetChoices('p_center_alignment', ALIGNMENT, q(''), 'centred');
    expect(selectedChoices('p_center_alignment', choices, q('p_center_alignment__in_or_null=left'))).toEqual(['left', NULL_CHOICE]);
    expect(selectedChoices('p_center_alignment', choices, q('p_center_alignment__isnull=1'))).toEqual([NULL_CHOICE]);
    expect(selectedChoices('p_center_alignment', choices, q('p_center_alignment__notnull=1'))).toEqual(['left', 'right']);
    expect(selectedChoices('p_center_alignment', choices, q(''))).toEqual([]);
    expect(satisfies('p_face_cluster', conditionsOn(q('p_face_cluster__in_or_null=2'), 'p_face_cluster'), 3)).toBe(false);
  });

  it('keeps a chosen value listed when the counts no longer show it, NULL too', () => {
    const choices = facetChoices('p_emotion', [{ value: 'sad', count: 2 }], q('p_emotion__in_or_null=happy'), 'no emotion');
    expect(choices.map((c) => [c.value, c.count])).toEqual([
      ['sad', 2],
      ['happy', 0],
      [NULL_CHOICE, 0],
    ]);
  });

  it('blank__notnull=1 checks every kind of blank, and no other choice', () => {
    const choices = facetChoices('blank', [{ value: 'black', count: 62 }, { value: 'white', count: 4 }, { value: null, count: 734 }], q(''), 'not blank');
    expect(selectedChoices('blank', choices, q('blank__notnull=1'))).toEqual(['black', 'white']);
  });

  it('reads and writes a yes/no column with its NULL bucket', () => {
    expect(flagChoice(q(''), 'p_open_mouth')).toBe('');
    expect(flagChoice(q('p_open_mouth=1'), 'p_open_mouth')).toBe('1');
    expect(flagChoice(q('p_open_mouth__isnull=1'), 'p_open_mouth')).toBe(NULL_CHOICE);
    // Two of the three at once is no single option.
    expect(flagChoice(q('p_open_mouth__notnull=1'), 'p_open_mouth')).toBeNull();
    expect(flagEntries('p_open_mouth', NULL_CHOICE)).toEqual([['p_open_mouth__isnull', '1']]);
    expect(flagEntries('p_open_mouth', '0')).toEqual([['p_open_mouth', '0']]);
    expect(flagEntries('p_open_mouth', '')).toEqual([]);
  });
});

describe('characters per film', () => {
  it('names a cluster by its name, or by its film and number', () => {
    expect(characterLabel('knives_out_2019', { cluster: 3, name: null })).toBe('Knives Out (2019) - character 3');
    expect(characterLabel('knives_out_2019', { cluster: 3, name: 'Benoit Blanc' })).toBe('Benoit Blanc');
  });

  it('chooses an unnamed cluster with its film, a named one by name, never a bare cluster number', () => {
    expect(characterEntries(q('film=a_2001&film=b_2002&p_emotion=sad'), 'b_2002', { cluster: 1, name: null }, true)).toEqual({
      keys: ['character', 'p_face_cluster', 'film'],
      entries: [
        ['film', 'b_2002'],
        ['p_face_cluster', '1'],
      ],
    });
    expect(characterEntries(q('film=b_2002&p_face_cluster=1'), 'b_2002', { cluster: 1, name: null }, false)).toEqual({ keys: ['p_face_cluster'], entries: [] });
    expect(characterEntries(q('character=Irving&film=b_2002&p_face_cluster=1'), 'a_2001', { cluster: 0, name: 'Sydney' }, true)).toEqual({
      keys: ['character', 'p_face_cluster'],
      entries: [
        ['character', 'Irving'],
        ['character', 'Sydney'],
      ],
    });
    expect(chosenCluster(q('film=b_2002&p_face_cluster=1'))).toEqual({ film: 'b_2002', cluster: 1 });
    expect(chosenCluster(q('p_face_cluster=1'))).toBeNull();
    expect(chosenCluster(q('film=a_2001&film=b_2002&p_face_cluster=1'))).toBeNull();
  });

  it('writes film titles in full and short', () => {
    expect(filmTitle('before_sunset_2004')).toBe('Before Sunset (2004)');
    expect(filmTitle('heat')).toBe('Heat');
    expect(shortFilmTitle('before_sunset_2004', 30)).toBe('Before Sunset (2004)');
    expect(shortFilmTitle('before_sunset_2004', 10)).toBe("BS '04");
    expect(shortFilmTitle('the_long_goodbye', 8)).toBe('TLG');
  });
});
