/**
 * Every view, live and offline, through axe-core: no serious or critical violation. Offline is
 * where a dashboard is most tempted to dim things below legibility, and is when it matters most.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { linkTo } from './auth';
import { expect, test } from './fixtures';

async function demoIncident(page: Page): Promise<number> {
  await page.goto(linkTo('/'));
  const href = await page.getByRole('link', { name: /PAR6 power outage/ }).getAttribute('href');
  return Number(/\/incidents\/(\d+)/.exec(href ?? '')?.[1]);
}

/** Serious and critical violations, each as "rule: the first few elements it names". */
async function violations(page: Page): Promise<string[]> {
  const { violations: found } = await new AxeBuilder({ page }).analyze();
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const VIEWS: [string, (id: number) => string, string][] = [
  ['incident list', () => '/', 'h1'],
  ['incident room', (id) => `/incidents/${id}`, '[data-testid="incident-status"]'],
  ['impact & comms', (id) => `/incidents/${id}/impact`, '[data-testid="impact-board"]'],
  ['support view', (id) => `/incidents/${id}/support`, '[data-testid="support-page"]'],
  ['post-mortem', (id) => `/incidents/${id}/postmortem`, 'h1'],
  ['wall', (id) => `/incidents/${id}/wall`, '.wall .tile'],
  ['wall, light theme', (id) => `/incidents/${id}/wall?theme=light`, '.wall .tile'],
  ['wall, high contrast', (id) => `/incidents/${id}/wall?theme=contrast`, '.wall .tile'],
  ['feeds', () => '/feeds', 'h1'],
  ['admin', () => '/admin', 'h1'],
];

for (const [name, path, ready] of VIEWS) {
  test(`${name}: no serious or critical accessibility violation, live and offline`, async ({ page, context }) => {
    const id = await demoIncident(page);
    await page.goto(path(id));
    await expect(page.locator(ready).first()).toBeVisible();
    expect(await violations(page), 'live').toEqual([]);
    await context.setOffline(true);
    await expect(page.getByTestId(name.startsWith('wall') ? 'wall-disconnected' : 'connection')).toContainText(/DISCONNECTED|RECONNECTING/);
    expect(await violations(page), 'offline').toEqual([]);
    await context.setOffline(false);
  });
}
