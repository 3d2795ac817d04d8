/**
 * COCO detection annotations (annotations.json per split, beside the
 * images): `images` with file name, width and height, one `annotations`
 * entry per face box (bbox [x, y, width, height] in the exported image,
 * area, category_id, iscrowd 0; no `segmentation`, which detectron2 refuses
 * when empty) and `categories`. Frames without a face stay
 * in `images` with no annotation: a detector learns from negatives too.
 *
 * Written as a stream in two passes over the split's samples (images, then
 * annotations), so a 100,000-image split is never one string. Ids start at
 * 1 (0 is commonly read as "background").
 */
import type { CocoCategory } from './formats';
import { floatJson, splitRelative } from './hf-metadata';
import type { Sample, SampleBox } from './samples';

export const COCO_FILE = 'annotations.json';
export const FACE_CATEGORY = 'face';

/** The category names in id order (id = index + 1): `face`, then with p_emotion every emotion seen, sorted. */
export function cocoCategories(category: CocoCategory, emotions: Iterable<string>): string[] {
  if (category === 'face') return [FACE_CATEGORY];
  return [FACE_CATEGORY, ...[...new Set(emotions)].filter((e) => e !== FACE_CATEGORY).sort()];
}

/** The category of a box: its emotion (the primary face's, with p_emotion), else `face`. */
export function boxCategory(box: SampleBox, category: CocoCategory): string {
  return category === 'p_emotion' && box.emotion !== null ? box.emotion : FACE_CATEGORY;
}

/** annotations.json of one split; `samples` is called once per pass. */
export function* cocoJson(samples: () => Iterable<Sample>, category: CocoCategory, categories: string[], createdAt: string): Generator<string> {
  const ids = new Map(categories.map((name, i) => [name, i + 1]));
  yield `{"info":${JSON.stringify({ description: 'Stillroom export: face boxes', version: '1.0', date_created: createdAt })},\n"licenses":[],\n"images":[`;
  let id = 0;
  for (const sample of samples()) {
    id++;
    const image = { id, file_name: splitRelative(sample), width: sample.width, height: sample.height, film: sample.frame.film, frame: sample.frame.frame };
    yield `${id === 1 ? '' : ','}\n${JSON.stringify(image)}`;
  }
  yield '\n],\n"annotations":[';
  let imageId = 0;
  let annotationId = 0;
  for (const sample of samples()) {
    imageId++;
    for (const box of sample.boxes) {
      annotationId++;
      const categoryId = ids.get(boxCategory(box, category));
      if (categoryId === undefined) throw new Error(`COCO category ${boxCategory(box, category)} was not counted before writing`);
      const [x, y, w, h] = box.bbox;
      yield (
        `${annotationId === 1 ? '' : ','}\n{"id":${annotationId},"image_id":${imageId},"category_id":${categoryId},` +
        `"bbox":[${[x, y, w, h].map(floatJson).join(',')}],"area":${floatJson(Math.round(w * h * 100) / 100)},"iscrowd":0,"face":${box.face}}`
      );
    }
  }
  const list = categories.map((name, i) => JSON.stringify({ id: i + 1, name, supercategory: FACE_CATEGORY }));
  yield `\n],\n"categories":[\n${list.join(',\n')}\n]}\n`;
}
