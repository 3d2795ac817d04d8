/**
 * Issue 17 item 6: dialogue search typed in the sidebar stems English words
 * ("walking" finds the lines with "walk") and takes `word*` as a prefix; the
 * examples of docs/search.md, on the demo library.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { api, expectCount, urlParams } from './ui-helpers';

async function linesOf(request: APIRequestContext, search: string, frames: Array<{ film: string; frame: number }>): Promise<string[]> {
  const keys = frames.map((f) => `${f.film}:${f.frame}`).join(',');
  const { lines } = (await (await request.get(`/api/dialogue?_search=${encodeURIComponent(search)}&frames=${keys}`)).json()) as {
    lines: Record<string, Array<{ text: string }>>;
  };
  return [...new Set(Object.values(lines).flatMap((l) => l.map((line) => line.text)))].sort();
}

test('"walking" finds the lines with "walk", "happ*" those with "happened": typed in the sidebar as words', async ({ page, request }) => {
  await page.goto('/');
  await expectCount(page, 800);
  const box = page.getByRole('searchbox', { name: 'Search the dialogue' });
  /** Types the words, and checks the grid shows what the API finds and the lines it found. */
  const search = async (words: string, lines: string[]) => {
    await box.fill(words);
    await box.press('Enter');
    expect(urlParams(page)).toEqual([`_search=${words}`]);
    const found = await api(request, `_search=${encodeURIComponent(words)}&_size=100`);
    expect(found.total).toBeGreaterThan(0);
    await expectCount(page, found.total);
    expect(await linesOf(request, words, found.frames)).toEqual(lines);
  };

  await search('walking', ['Do you want to walk?', "Then we'll walk fast."]);
  await expect(page.getByTestId('result-where')).toHaveText('where dialogue matches "walking"');
  await search('happ*', ['Then tonight we find out what happened.']);

  // The frame view marks the prefix's word in the line.
  await page.locator('.tile-button[data-index="0"]').click();
  await expect(page.getByRole('dialog').locator('blockquote.subtitle.match mark').first()).toHaveText('happened');
});
