/**
 * Issue 17's sidebar, driven by clicks as a new user would: characters per
 * film (items 1), NULL buckets as choices (item 4), and the groups drawn from
 * their specs reading back every URL they could write (blank__notnull=1).
 */
import { expect, test, type Page } from '@playwright/test';
import { api, expectCount, urlParams } from './ui-helpers';

function group(page: Page, title: string) {
  return page.locator('details.facet').filter({ has: page.locator('summary', { hasText: new RegExp(`^${title}`) }) });
}

const total = async (request: Parameters<typeof api>[0], query: string) => (await api(request, `${query}&_size=0`)).total;

test('characters are listed per film with face thumbnails; a choice filters film and cluster together', async ({ page, request }) => {
  await page.goto('/');
  await expectCount(page, 800);
  const characters = group(page, 'Characters');
  const knives = characters.getByRole('region', { name: 'Characters of Knives Out (2019)' });
  await expect(characters.getByRole('region', { name: /^Characters of / })).toHaveCount(3);
  // Cluster 1 of Knives Out only: not the 152 frames of cluster 1 of all three films.
  const clusterFrames = await total(request, 'film=knives_out_2019&p_face_cluster=1');
  expect(await total(request, 'p_face_cluster=1')).toBeGreaterThan(clusterFrames);
  const choice = knives.getByRole('checkbox', { name: /^Knives Out \(2019\) - character 1/ });
  await expect(knives.locator('label').filter({ hasText: /^Knives Out \(2019\) - character 1/ })).toContainText(`Knives Out (2019) - character 1${clusterFrames}`);
  // Each cluster shows a face cut out of one of its frames.
  await expect(knives.locator('.face-crop')).toHaveCount(await knives.getByRole('checkbox').count());
  await expect.poll(() => knives.locator('.face-crop').first().evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('/api/frames/knives_out_2019/');

  await choice.check();
  await expectCount(page, clusterFrames);
  expect(urlParams(page)).toEqual(['film=knives_out_2019', 'p_face_cluster=1']);
  await expect(choice).toBeChecked();
  await choice.uncheck();
  expect(urlParams(page)).toEqual(['film=knives_out_2019']);

  // A bare cluster number from a link still works in the API, and the sidebar says what it means.
  await page.goto('/?p_face_cluster=1');
  await expectCount(page, await total(request, 'p_face_cluster=1'));
  await expect(characters).toContainText('without one film matches that cluster number in every film');
});

test('naming clusters of two films alike links them: the name follows the actor across films', async ({ page, request }) => {
  await page.goto('/');
  await expectCount(page, 800);
  const characters = group(page, 'Characters');
  const name = async (film: string, title: string, cluster: number) => {
    const region = characters.getByRole('region', { name: `Characters of ${title}` });
    await region.getByRole('button', { name: `Name cluster ${cluster} of ${film}` }).click();
    await region.getByLabel(`Character name for cluster ${cluster} of ${film}`).fill('Ethan Hawke');
    await region.getByRole('button', { name: 'Save name' }).click();
    await expect(region.getByRole('checkbox', { name: /^Ethan Hawke/ })).toBeVisible();
  };
  await name('before_sunset_2004', 'Before Sunset (2004)', 2);
  await name('the_hustle_2019', 'The Hustle (2019)', 3);
  const both = (await total(request, 'film=before_sunset_2004&p_face_cluster=2')) + (await total(request, 'film=the_hustle_2019&p_face_cluster=3'));
  expect(await total(request, 'character=Ethan%20Hawke')).toBe(both);

  await characters.getByRole('region', { name: 'Characters of Before Sunset (2004)' }).getByRole('checkbox', { name: /^Ethan Hawke/ }).check();
  await expectCount(page, both);
  expect(urlParams(page)).toEqual(['character=Ethan Hawke']);
  // Both films' clusters of that name are checked: one character.
  await expect(characters.getByRole('checkbox', { name: /^Ethan Hawke/, checked: true })).toHaveCount(2);
  await expect(page.getByTestId('result-where')).toHaveText('where character is "Ethan Hawke"');
});

test('a facet lists its missing values under a meaningful label, selectable alone and with values', async ({ page, request }) => {
  const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
  await page.goto(`/?${MCU}`);
  await expectCount(page, 254);
  const alignment = group(page, 'Left / right of centre').getByRole('list', { name: 'Left / right of centre' });
  const centred = await total(request, `${MCU}&p_center_alignment__isnull=1`);
  const left = await total(request, `${MCU}&p_center_alignment=left`);
  expect(centred).toBeGreaterThan(0);
  const centredChoice = alignment.getByRole('checkbox', { name: /^centred or no face/ });
  await expect(alignment.locator('label').filter({ hasText: /^centred or no face/ })).toContainText(`centred or no face${centred}`);
  await centredChoice.check();
  await expectCount(page, centred);
  expect(urlParams(page)).toContain('p_center_alignment__isnull=1');
  await alignment.getByRole('checkbox', { name: /^left/ }).check();
  await expectCount(page, centred + left);
  expect(urlParams(page)).toContain('p_center_alignment__in_or_null=left');
  await expect(page.getByTestId('result-where')).toContainText('p_center_alignment in ["left"] or is null');
  await centredChoice.uncheck();
  await expectCount(page, left);
  expect(urlParams(page)).toContain('p_center_alignment=left');

  const noEmotion = await total(request, `${MCU}&p_center_alignment=left&p_emotion__isnull=1`);
  const emotion = group(page, 'Emotion').getByRole('list', { name: 'Emotion' });
  if (noEmotion > 0) {
    await emotion.getByRole('checkbox', { name: /^no emotion/ }).check();
    await expectCount(page, noEmotion);
  }
  // The mouth of a frame without a face: its own option.
  await page.goto('/');
  const noFace = await total(request, 'p_open_mouth__isnull=1');
  const mouth = group(page, 'Mouth');
  await mouth.getByRole('radio', { name: /^No face/ }).check();
  await expectCount(page, noFace);
  expect(urlParams(page)).toEqual(['p_open_mouth__isnull=1']);
  await expect(mouth.getByRole('radio', { name: /^No face/ })).toBeChecked();
});

test('every group reads back the URL: blank__notnull=1 checks both kinds of blank', async ({ page, request }) => {
  await page.goto('/?blank__notnull=1');
  await expectCount(page, await total(request, 'blank__notnull=1'));
  const blank = group(page, 'Blank frames').getByRole('list', { name: 'Blank frames' });
  await expect(blank.getByRole('checkbox', { name: /^black/ })).toBeChecked();
  await expect(blank.getByRole('checkbox', { name: /^white/ })).toBeChecked();
  await expect(blank.getByRole('checkbox', { name: /^not blank/ })).not.toBeChecked();
  // Unchecking one kind writes the other alone.
  await blank.getByRole('checkbox', { name: /^white/ }).uncheck();
  await expectCount(page, await total(request, 'blank=black'));
  expect(urlParams(page)).toEqual(['blank=black']);
  await blank.getByRole('checkbox', { name: /^not blank/ }).check();
  expect(urlParams(page)).toEqual(['blank__in_or_null=black']);
  await expectCount(page, await total(request, 'blank__in_or_null=black'));
});
