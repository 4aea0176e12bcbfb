/**
 * The wall at the three screen sizes a crisis room has: nothing scrolls, every tile is whole,
 * primary values are big enough for the back row, and what is not live says so across the
 * screen. Screenshots are kept with the results for a person to look at.
 */
import type { Page, TestInfo } from '@playwright/test';
import { linkTo } from './auth';
import { expect, test } from './fixtures';

/** The demo drill: eight metrics, alerts, a timeline that moves. */
async function demoIncident(page: Page): Promise<number> {
  await page.goto(linkTo('/'));
  const href = await page.getByRole('link', { name: /PAR6 power outage/ }).getAttribute('href');
  return Number(/\/incidents\/(\d+)/.exec(href ?? '')?.[1]);
}

/** Layout facts read off the page: scrollbars, tiles out of view or cut, label overflow, value font sizes. */
const measure = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    const tiles = [...document.querySelectorAll<HTMLElement>('.wall .tile')];
    return {
      scrolls: root.scrollHeight > innerHeight || root.scrollWidth > innerWidth,
      tiles: tiles.length,
      outOfView: tiles.filter((t) => {
        const r = t.getBoundingClientRect();
        return r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth;
      }).length,
      cut: tiles.filter((t) => {
        const body = t.querySelector<HTMLElement>('.tile__body')!;
        return body.scrollHeight > body.clientHeight + 1 || body.scrollWidth > body.clientWidth + 1;
      }).length,
      labelsCut: [...document.querySelectorAll<HTMLElement>('.wall .tile__label')].filter((l) => l.scrollWidth > l.clientWidth + 1).length,
      smallestValue: Math.min(...[...document.querySelectorAll<HTMLElement>('.wall .tile__number')].map((n) => parseFloat(getComputedStyle(n).fontSize))),
      smallestAge: Math.min(...[...document.querySelectorAll<HTMLElement>('.wall .tile__foot')].map((n) => parseFloat(getComputedStyle(n).fontSize))),
      cursor: getComputedStyle(document.querySelector('.wall')!).cursor,
    };
  });

const attach = async (page: Page, info: TestInfo, name: string) =>
  info.attach(name, { body: await page.screenshot(), contentType: 'image/png' });

for (const [width, height, minValue] of [
  [1280, 720, 40],
  [1920, 1080, 64],
  [3840, 2160, 128],
] as const) {
  test(`the wall at ${width}×${height}: no scrolling, every tile whole, values ≥ ${minValue} px`, async ({ page }, info) => {
    await page.setViewportSize({ width, height });
    const id = await demoIncident(page);
    await page.goto(`/incidents/${id}/wall`);
    await expect(page.locator('.wall .tile[data-freshness="live"]').first()).toBeVisible();
    await expect(page.locator('.topbar')).toHaveCount(0);
    const m = await measure(page);
    expect(m).toMatchObject({ scrolls: false, outOfView: 0, cut: 0, labelsCut: 0, cursor: 'none' });
    expect(m.tiles).toBeGreaterThanOrEqual(8);
    expect(m.smallestValue).toBeGreaterThanOrEqual(minValue);
    expect(m.smallestAge).toBeGreaterThanOrEqual(minValue / 3);
    await attach(page, info, `wall-${width}x${height}`);
  });
}

test('each screen its own layout from its URL: chosen metrics, panels and theme', async ({ page }, info) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const id = await demoIncident(page);
  await page.goto(`/incidents/${id}/wall?metrics=vms.missing,deploy.queue&panels=impact&theme=light`);
  await expect(page.locator('.wall .tile')).toHaveCount(2);
  await expect(page.locator('.wall .tile').first()).toHaveAttribute('data-metric', 'vms.missing');
  await expect(page.getByRole('complementary').getByRole('heading')).toHaveText(['Customer impact']);
  await expect(page.getByTestId('wall')).toHaveClass(/wall--light/);
  expect(await measure(page)).toMatchObject({ scrolls: false, outOfView: 0, cut: 0 });
  await attach(page, info, 'wall-two-metrics-light');
});

test('offline, the whole wall says DISCONNECTED with the time its data froze, and recovers by itself', async ({ page, context }, info) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const id = await demoIncident(page);
  await page.goto(`/incidents/${id}/wall`);
  await expect(page.locator('.wall .tile[data-freshness="live"]').first()).toBeVisible();
  await context.setOffline(true);
  const down = page.getByTestId('wall-disconnected');
  await expect(down).toContainText(/DISCONNECTED — data frozen at \d\d:\d\d:\d\d UTC/);
  await expect(page.locator('.wall .tile[data-freshness="live"]')).toHaveCount(0);
  await attach(page, info, 'wall-disconnected');
  await context.setOffline(false);
  await expect(down).toHaveCount(0);
  await expect(page.locator('.wall .tile[data-freshness="live"]').first()).toBeVisible();
});

test('the desk view fits 1280×720 without hiding a tile or cutting a label', async ({ page }, info) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const id = await demoIncident(page);
  await page.goto(`/incidents/${id}`);
  await expect(page.locator('.tile[data-freshness="live"]').first()).toBeVisible();
  const m = await page.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('.grid')!.getBoundingClientRect();
    const tiles = [...document.querySelectorAll<HTMLElement>('.tile')];
    return {
      tiles: tiles.length,
      hidden: tiles.filter((t) => t.getBoundingClientRect().bottom > Math.min(grid.bottom, innerHeight) + 1).map((t) => t.dataset.metric),
      cut: tiles.filter((t) => {
        const body = t.querySelector<HTMLElement>('.tile__body')!;
        return body.scrollHeight > body.clientHeight + 1;
      }).map((t) => t.dataset.metric),
      labelsCut: [...document.querySelectorAll<HTMLElement>('.tile__label')].filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent),
    };
  });
  expect(m).toEqual({ tiles: 8, hidden: [], cut: [], labelsCut: [] });
  await attach(page, info, 'desk-1280x720');
});
