import { describe, expect, it } from 'vitest';
import { filtersDiffer } from '@/lib/ui/curation';
import { suggestedName } from '@/lib/ui/selection-name';

const q = (query: string) => new URLSearchParams(query);

describe('suggested selection names', () => {
  it('use every filter a user would recognise, not only the preset', () => {
    expect(suggestedName(q('prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20&character=Benoit+Blanc&p_emotion=happy&p_center_alignment=left'))).toBe(
      'Medium close-up, Benoit Blanc, happy, left of centre',
    );
    expect(suggestedName(q('film=knives_out_2019&p_face_cluster=3&p_emotion__in_or_null=sad&p_open_mouth=1'))).toBe(
      'Knives Out (2019) - character 3, sad, no emotion, mouth open',
    );
    expect(suggestedName(q('faces_found__in=2,3&film=before_sunset_2004&_search=walk'))).toBe('2 or 3 faces, Before Sunset (2004), “walk”');
    expect(suggestedName(q('p_center_alignment__isnull=1'))).toBe('centred');
  });

  it('fall back to "Selection", and stay within the 100 characters a name may have', () => {
    expect(suggestedName(q(''))).toBe('Selection');
    expect(suggestedName(q('brightness__gt=20'))).toBe('Selection');
    const long = suggestedName(q(`_search=${'word '.repeat(40)}`));
    expect(long.length).toBe(100);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('the current filters against a selection’s query', () => {
  it('differ when a condition is added or left out, not when only the order or sort changes', () => {
    expect(filtersDiffer(q('p_emotion=happy&prim_char_flag=1&_sort=frame'), 'prim_char_flag=1&p_emotion=happy')).toBe(false);
    expect(filtersDiffer(q('prim_char_flag=1'), 'prim_char_flag=1&p_center_alignment=left')).toBe(true);
    // The page's own "in this selection" filter is not part of any selection's query.
    expect(filtersDiffer(q('prim_char_flag=1&_in_selection=4'), 'prim_char_flag=1')).toBe(false);
  });
});
