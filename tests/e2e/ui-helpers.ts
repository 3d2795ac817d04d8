/** Shared steps of the browser tests: what the page shows, read the way a user would see it. */
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export interface ApiFrame {
  film: string;
  frame: number;
  width: number;
  height: number;
  prim_char_flag: number | null;
  faces: Array<[number, number, number, number]>;
  [column: string]: unknown;
}

export interface ApiPage {
  total: number;
  frames: ApiFrame[];
  facets: Record<string, Array<{ value: string | number | null; count: number }>>;
  where: string;
}

export async function api(request: APIRequestContext, query: string): Promise<ApiPage> {
  const response = await request.get(`/api/frames?${query}`);
  expect(response.status(), query).toBe(200);
  return (await response.json()) as ApiPage;
}

export function resultCount(page: Page) {
  return page.getByTestId('result-count');
}

/** The page URL's query as sorted name=value pairs, to compare regardless of order and encoding. */
export function urlParams(page: Page): string[] {
  return [...new URL(page.url()).searchParams].map(([name, value]) => `${name}=${value}`).sort();
}

export async function expectCount(page: Page, total: number) {
  await expect(resultCount(page)).toHaveText(total.toLocaleString('en'));
}

/** Waits until every thumbnail on screen has decoded (naturalWidth is 0 for a broken image). */
export async function expectThumbnailsLoaded(page: Page) {
  const images = page.locator('.grid-scroll img');
  await expect(images.first()).toBeVisible();
  await expect
    .poll(() =>
      images.evaluateAll((imgs) =>
        (imgs as HTMLImageElement[]).filter((img) => img.getBoundingClientRect().top < window.innerHeight).every((img) => img.complete && img.naturalWidth > 0),
      ),
    )
    .toBe(true);
}
