/**
 * Each search of docs/search.md driven from the UI, checked against the API:
 * the palette picker, "palette like this", "more of this person", naming a
 * character and filtering by the name, and dialogue search with its lines
 * in the tile tooltips and the frame view.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { api, expectCount, expectThumbnailsLoaded, urlParams } from './ui-helpers';

interface PaletteColour {
  hex: string;
  share: number;
}

/** `npm start` analyses palettes in the background once the server is up: wait until every frame with a JPEG has one. */
test.beforeAll(async ({ request }) => {
  const films = (await (await request.get('/api/films')).json()) as Array<{ frames_with_images: number }>;
  const withImages = films.reduce((sum, f) => sum + f.frames_with_images, 0);
  await expect
    .poll(
      async () => {
        const stats = (await (await request.get('/api/search-stats?_palette=000000')).json()) as { palette: { scanned: number } };
        return stats.palette.scanned;
      },
      { timeout: 120_000, intervals: [500] },
    )
    .toBe(withImages);
});

async function palette(request: APIRequestContext, film: string, frame: number): Promise<PaletteColour[]> {
  const response = await request.get(`/api/palettes?frames=${film}:${frame}`);
  expect(response.status()).toBe(200);
  const { palettes } = (await response.json()) as { palettes: Record<string, PaletteColour[] | null> };
  return palettes[`${film}:${frame}`] ?? [];
}

async function total(request: APIRequestContext, query: string): Promise<number> {
  return (await api(request, `${query}&_size=0`)).total;
}

function sidebarGroup(page: Page, title: string) {
  return page.locator('details.facet').filter({ has: page.locator('summary', { hasText: new RegExp(`^${title}`) }) });
}

async function openGroup(page: Page, title: string) {
  const group = sidebarGroup(page, title);
  if ((await group.getAttribute('open')) === null) await group.locator('summary').click();
  return group;
}

test('the palette pickers narrow the results to what the API says, and the tiles show palette strips', async ({ page, request }, testInfo) => {
  const [dominant] = await palette(request, 'the_hustle_2019', 194);
  await page.goto('/');
  await expectCount(page, 800);
  const group = await openGroup(page, 'Palette');

  await group.getByLabel('Palette colour 1', { exact: true }).fill(`#${dominant.hex}`);
  await group.getByRole('button', { name: 'Find this colour' }).click();
  await expect(page).toHaveURL(/_palette=/);
  expect(urlParams(page)).toEqual([`_palette=${dominant.hex}`, '_palette_tolerance=10']);
  const narrow = await total(request, `_palette=${dominant.hex}&_palette_tolerance=10`);
  expect(narrow).toBeGreaterThan(0);
  expect(narrow).toBeLessThan(800);
  await expectCount(page, narrow);
  await expect(page.getByTestId('result-where')).toHaveText(`where palette has colours within ΔE 10 of #${dominant.hex}`);
  await expect(group.getByTestId('palette-stats')).toHaveText(new RegExp(`^${narrow} frames · 800 palettes compared in [\\d.]+ m?s$`));

  // A wider tolerance and a second colour: each change is one query, the same as the API's.
  await group.getByRole('slider', { name: 'Palette tolerance (ΔE)' }).fill('25');
  await expect(page).toHaveURL(/_palette_tolerance=25/);
  const wider = await total(request, `_palette=${dominant.hex}&_palette_tolerance=25`);
  expect(wider).toBeGreaterThanOrEqual(narrow);
  await expectCount(page, wider);
  await group.getByRole('button', { name: '+ Add colour' }).click();
  await group.getByLabel('Palette colour 2', { exact: true }).fill('#000000');
  await expect(page).toHaveURL(new RegExp(`_palette=${dominant.hex},000000`));
  await expectCount(page, await total(request, `_palette=${dominant.hex},000000&_palette_tolerance=25`));
  await page.locator('aside.sidebar').screenshot({ path: testInfo.outputPath('palette-sidebar.png') });

  // Removing a colour goes back to the one-colour query.
  await group.getByRole('button', { name: 'Remove palette colour 2 (#000000)' }).click();
  await expectCount(page, wider);

  // Palette strips on the tiles: each tile's strip is its frame's palette.
  await page.getByRole('checkbox', { name: 'Palettes' }).check();
  await expect(page).toHaveURL(/view\.palettes=1/);
  const first = (await api(request, `_palette=${dominant.hex}&_palette_tolerance=25&_size=1`)).frames[0];
  const expected = await palette(request, first.film, first.frame);
  const strip = page.locator('.tile-button[data-index="0"] .tile-palette');
  await expect(strip).toHaveAttribute('aria-label', new RegExp(`^Palette: #${expected[0].hex} `));
  await expect(strip.locator('.palette-colour')).toHaveCount(expected.length);
  await expectThumbnailsLoaded(page);
  await page.screenshot({ path: testInfo.outputPath('palette-tiles.png') });
});

test('"palette like this" in the frame view finds the frames whose palette is near that frame\'s, itself included', async ({ page, request }, testInfo) => {
  const colours = await palette(request, 'the_hustle_2019', 194);
  await page.goto('/?view.frame=the_hustle_2019:194');
  const dialog = page.getByRole('dialog');
  const strip = dialog.locator('.frame-palette');
  await expect(strip).toHaveAttribute('aria-label', `Palette: ${colours.map((c) => `#${c.hex} ${Math.round(c.share * 100) || '<1'} %`).join(', ')}`);
  await expect(dialog.locator('.palette-legend li')).toHaveCount(colours.length);
  await dialog.locator('.fv-stage img').evaluate((img: HTMLImageElement) => img.decode());
  await dialog.getByRole('heading', { name: 'Palette' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('frame-view-palette.png') });

  await dialog.getByRole('button', { name: 'Palette like this' }).click();
  await expect(dialog).toHaveCount(0);
  expect(urlParams(page)).toEqual(['_palette_like=the_hustle_2019:194', '_palette_tolerance=10']);
  const like = await total(request, '_palette_like=the_hustle_2019:194&_palette_tolerance=10');
  expect(like).toBeGreaterThan(1);
  await expectCount(page, like);
  expect(await total(request, '_palette_like=the_hustle_2019:194&film=the_hustle_2019&frame=194')).toBe(1);
  const group = sidebarGroup(page, 'Palette');
  await expect(group).toContainText('Like the_hustle_2019 #194’s palette');
  await expect(group.getByTestId('palette-stats')).toContainText(`${like} frames · 800 palettes compared in`);

  await group.getByRole('button', { name: 'Remove palette like the_hustle_2019 frame 194' }).click();
  await expectCount(page, 800);
});

test('"more of this person" finds the frames with that face, the source among them, and shows how long the search took', async ({ page, request }) => {
  await page.goto('/?view.frame=the_hustle_2019:194');
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'More of this person: primary face' }).click();
  await expect(dialog).toHaveCount(0);
  expect(urlParams(page)).toEqual(['_face_distance=0.6', '_face_like=the_hustle_2019:194:0']);
  const all = await total(request, '_face_like=the_hustle_2019:194:0&_face_distance=0.6');
  expect(all).toBeGreaterThan(1);
  await expectCount(page, all);
  expect(await total(request, '_face_like=the_hustle_2019:194:0&film=the_hustle_2019&frame=194')).toBe(1);
  const group = sidebarGroup(page, 'More of this person');
  await expect(group.getByRole('img', { name: 'the_hustle_2019 frame 194, primary face' })).toBeVisible();
  await expect(group.getByTestId('face-stats')).toHaveText(/^\d+ faces in \d+ frames · [\d,]+ faces compared in [\d.]+ m?s$/);

  // This film only, then a stricter distance: the same queries as the API's.
  await group.getByRole('radio', { name: 'This film' }).check();
  await expect(page).toHaveURL(/film=the_hustle_2019/);
  await expectCount(page, await total(request, '_face_like=the_hustle_2019:194:0&_face_distance=0.6&film=the_hustle_2019'));
  await group.getByRole('slider', { name: 'Face distance' }).fill('0.4');
  await expect(page).toHaveURL(/_face_distance=0.4/);
  const strict = await total(request, '_face_like=the_hustle_2019:194:0&_face_distance=0.4&film=the_hustle_2019');
  expect(strict).toBeGreaterThanOrEqual(1);
  expect(strict).toBeLessThanOrEqual(all);
  await expectCount(page, strict);
  await expect(group.getByTestId('face-stats')).toContainText('faces compared in');
});

test('a character named in the frame view can be filtered by its name, from the frame view and the sidebar', async ({ page, request }) => {
  const [frame] = (await api(request, 'film=knives_out_2019&prim_char_flag=1&p_face_cluster__notnull=1&_size=1')).frames;
  const cluster = frame.p_face_cluster as number;
  const clusterFrames = await total(request, `film=knives_out_2019&p_face_cluster=${cluster}`);
  await page.goto(`/?view.frame=knives_out_2019:${frame.frame}`);
  const dialog = page.getByRole('dialog');
  const naming = dialog.getByRole('form', { name: `Name cluster ${cluster} of knives_out_2019` });
  await naming.getByLabel(`Character name for cluster ${cluster} of knives_out_2019`).fill('  Benoit Blanc ');
  await naming.getByRole('button', { name: 'Save name' }).click();
  await expect(dialog.locator('.frame-character strong')).toHaveText('Benoit Blanc');

  await dialog.getByRole('button', { name: 'Frames of Benoit Blanc' }).click();
  await expect(dialog).toHaveCount(0);
  expect(urlParams(page)).toEqual(['character=Benoit Blanc']);
  expect(await total(request, 'character=Benoit%20Blanc')).toBe(clusterFrames);
  await expectCount(page, clusterFrames);
  await expect(page.getByTestId('result-where')).toHaveText('where character is "Benoit Blanc"');

  // The sidebar lists the name under its film, checked; unchecking and checking it again writes the same filter.
  const names = sidebarGroup(page, 'Characters').getByRole('region', { name: 'Characters of Knives Out (2019)' });
  const choice = names.getByRole('checkbox', { name: /Benoit Blanc/ });
  await expect(choice).toBeChecked();
  await choice.uncheck();
  await expectCount(page, 800);
  await choice.check();
  await expectCount(page, clusterFrames);
});

test('dialogue search: the matching line is in the tile tooltip and highlighted in the frame view', async ({ page, request }, testInfo) => {
  await page.goto('/');
  await expectCount(page, 800);
  const group = sidebarGroup(page, 'Dialogue');
  await group.getByRole('searchbox', { name: 'Search the dialogue' }).fill('think');
  await group.getByRole('searchbox', { name: 'Search the dialogue' }).press('Enter');
  expect(urlParams(page)).toEqual(['_search=think']);
  const matching = await total(request, '_search=think');
  expect(matching).toBeGreaterThan(0);
  await expectCount(page, matching);

  const first = (await api(request, '_search=think&_size=1')).frames[0];
  const key = `${first.film}:${first.frame}`;
  const { lines } = (await (await request.get(`/api/dialogue?_search=think&frames=${key}`)).json()) as { lines: Record<string, Array<{ text: string }>> };
  const tooltip = lines[key].map((l) => l.text).join('\n');
  expect(tooltip.toLowerCase()).toContain('think');
  const tile = page.locator('.tile-button[data-index="0"]');
  await expect(tile).toHaveAttribute('title', tooltip);
  const describedBy = await tile.getAttribute('aria-describedby');
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText(tooltip);

  await tile.click();
  const dialog = page.getByRole('dialog');
  const subtitle = dialog.locator('blockquote.subtitle.match');
  await expect(subtitle).toContainText(lines[key][0].text);
  await expect(subtitle.locator('mark').first()).toHaveText(/^think$/i);
  await expect(subtitle).toContainText('matches “think”');
  await page.screenshot({ path: testInfo.outputPath('frame-view-dialogue.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // An FTS5 prefix query: the raw mode is part of the query.
  await group.getByRole('checkbox', { name: /FTS5 query/ }).check();
  await group.getByRole('searchbox', { name: 'Search the dialogue' }).fill('thi*');
  await group.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/_searchmode=raw/);
  expect(urlParams(page)).toEqual(['_search=thi*', '_searchmode=raw']);
  await expectCount(page, await total(request, '_search=thi*&_searchmode=raw'));
});

test('the search routes answer JSON and refuse bad input naming the parameter or field', async ({ request }) => {
  const refused = async (response: Awaited<ReturnType<APIRequestContext['get']>>, status: number, param?: string) => {
    expect(response.status()).toBe(status);
    const body = (await response.json()) as { error: string; param?: string };
    expect(body.error).toBeTruthy();
    if (param) expect(body.param).toBe(param);
  };
  await refused(await request.get('/api/palettes'), 400, 'frames');
  await refused(await request.get('/api/palettes?frames=the_hustle_2019:x'), 400, 'frames');
  await refused(await request.get('/api/dialogue?frames=the_hustle_2019:1'), 400, '_search');
  await refused(await request.get('/api/dialogue?frames=the_hustle_2019:1&_search=%22unclosed&_searchmode=raw'), 400, '_search');
  await refused(await request.get('/api/search-stats?_face_like=the_hustle_2019:194:9'), 400, '_face_like');
  // The request guard (proxy.ts) refuses a body that is not JSON before the route sees it.
  await refused(await request.put('/api/characters/the_hustle_2019/0', { data: 'name=x', headers: { 'Content-Type': 'text/plain' } }), 415);
  await refused(await request.put('/api/characters/the_hustle_2019/0', { data: { name: '   ' } }), 400, 'name');
  await refused(await request.put('/api/characters/the_hustle_2019/0', { data: { name: 'x', extra: 1 } }), 400);
  await refused(await request.put('/api/characters/the_hustle_2019/x', { data: { name: 'x' } }), 400, 'cluster');
  await refused(await request.put('/api/characters/the_hustle_2019/999', { data: { name: 'x' } }), 404);
  await refused(await request.delete('/api/characters/the_hustle_2019/3'), 404);

  // Named, listed with its frames, then forgotten.
  const named = await request.put('/api/characters/the_hustle_2019/3', { data: { name: 'Sidekick' } });
  expect(named.status()).toBe(200);
  expect(await named.json()).toEqual({ film: 'the_hustle_2019', cluster: 3, name: 'Sidekick' });
  const list = (await (await request.get('/api/characters?film=the_hustle_2019')).json()) as {
    names: Array<{ film: string; cluster: number; name: string; frames: number }>;
    clusters: Record<string, Array<{ cluster: number; frames: number; name: string | null }>>;
  };
  const frames = await total(request, 'film=the_hustle_2019&p_face_cluster=3');
  expect(list.names).toContainEqual({ film: 'the_hustle_2019', cluster: 3, name: 'Sidekick', frames });
  expect(list.clusters.the_hustle_2019.find((c) => c.cluster === 3)).toMatchObject({ frames, name: 'Sidekick' });
  expect((await request.delete('/api/characters/the_hustle_2019/3')).status()).toBe(204);
  expect(await total(request, 'character=Sidekick')).toBe(0);

  const { palettes } = (await (await request.get('/api/palettes?frames=the_hustle_2019:194,knives_out_2019:1')).json()) as { palettes: Record<string, PaletteColour[]> };
  expect(Object.keys(palettes)).toEqual(['the_hustle_2019:194', 'knives_out_2019:1']);
  expect(palettes['the_hustle_2019:194'].reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 6);
});
