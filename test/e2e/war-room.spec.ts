import type { Page } from '@playwright/test';
import { linkTo } from './auth';
import { createLink, expect, expectSignedIn, test } from './fixtures';

async function openIncident(page: Page, title: string | RegExp) {
  await page.goto(linkTo('/'));
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
}

test('the demo incident shows live simulated metrics that change, with their age', async ({ page }) => {
  await openIncident(page, /PAR6 power outage/);
  await expect(page.getByTestId('connection')).toHaveText('● LIVE');
  const tile = page.locator('[data-metric="deploy.queue"]');
  await expect(tile.getByText('SIMULATED')).toBeVisible();
  await expect(tile).toHaveAttribute('data-freshness', 'live');
  await expect(tile.locator('.tile__foot')).toContainText(/sampled \d+ s ago/);
  const value = tile.getByTestId('metric-value');
  const first = await value.textContent();
  await expect.poll(() => value.textContent(), { timeout: 20_000 }).not.toBe(first);
  // Status is in words, not colour alone.
  await expect(page.locator('[data-metric="vms.missing"]').getByTestId('metric-status')).toHaveText(/OK|WARN|CRIT/);
});

test('an incident opened in one browser and an entry posted there appear in another, under the poster\'s name', async ({ api, openAs }) => {
  const alice = await createLink(api, { name: 'Alice (IC)', role: 'commander' });
  const bob = await createLink(api, { name: 'Bob (network)', role: 'commander' });
  const alicePage = await openAs('/', alice.secret);
  await expectSignedIn(alicePage, 'Alice (IC)');

  await alicePage.getByLabel('Title').fill('LB unsynced after RabbitMQ crash');
  await alicePage.getByLabel('Severity').selectOption('SEV2');
  await alicePage.getByRole('button', { name: 'Open incident' }).click();
  await expect(alicePage.getByRole('heading', { level: 1 })).toContainText('LB unsynced after RabbitMQ crash');
  const incidentPath = new URL(alicePage.url()).pathname;

  const bobPage = await openAs(incidentPath, bob.secret);
  await expect(bobPage.getByRole('heading', { level: 1 })).toContainText('LB unsynced after RabbitMQ crash');

  // The author is the link's name: there is no name to type. "On behalf of" is folded away until asked for.
  await expect(alicePage.getByLabel('Your name')).toHaveCount(0);
  await expect(alicePage.getByLabel('On behalf of', { exact: true })).toHaveCount(0);
  await alicePage.getByRole('button', { name: 'On behalf of…' }).click();
  await alicePage.getByLabel('On behalf of', { exact: true }).fill('the NOC caller');
  await alicePage.getByLabel('Component', { exact: true }).selectOption('Load Balancers');
  await alicePage.getByLabel('Component', { exact: true }).press('Escape');
  await alicePage.keyboard.press('/');
  await alicePage.keyboard.type('/decision Start the rolling restart of unsynced load balancers');
  await alicePage.keyboard.press('Enter');

  const inBob = bobPage.locator('.entry', { hasText: 'Start the rolling restart of unsynced load balancers' });
  await expect(inBob).toBeVisible({ timeout: 5000 });
  await expect(inBob).toContainText('DECISION');
  await expect(inBob).toContainText('Load Balancers');
  await expect(inBob.locator('.entry__author')).toHaveText('Alice (IC) for the NOC caller');
  await expect(inBob.locator('time')).toContainText(/UTC/);
  await expect(inBob.locator('time')).toContainText(/CET|CEST/);
  // Alice's draft became the stored entry.
  await expect(alicePage.locator('.entry--draft')).toHaveCount(0);
  await expect(alicePage.locator('.entry', { hasText: 'Start the rolling restart' })).toHaveAttribute('data-entry-id', /\d+/);

  // A status change is deliberate: choosing it changes nothing until it is applied.
  await bobPage.getByLabel('Status').selectOption('identified');
  await bobPage.getByLabel('Status').press('ArrowDown');
  await expect(alicePage.getByTestId('incident-status')).toHaveText('INVESTIGATING');
  await bobPage.getByLabel('Status').selectOption('identified');
  await bobPage.getByRole('button', { name: 'Apply' }).click();
  // It travels, and is written into the timeline under the name of who made it.
  await expect(alicePage.getByTestId('incident-status')).toHaveText('IDENTIFIED');
  const statusEntry = alicePage.locator('.entry--status', { hasText: 'Status changed from investigating to identified' });
  await expect(statusEntry).toBeVisible();
  await expect(statusEntry.locator('.entry__author')).toHaveText('Bob (network)');
  // And is undone from its own row, by anyone who may change the incident.
  await statusEntry.hover();
  await statusEntry.getByRole('button', { name: 'Undo: back to investigating' }).click();
  await expect(bobPage.getByTestId('incident-status')).toHaveText('INVESTIGATING');
  await expect(alicePage.locator('.entry--status', { hasText: 'Status changed from identified to investigating' })).toBeVisible();

  // And survives a reload: it was committed, not just shown.
  await bobPage.reload();
  await expect(bobPage.locator('.entry', { hasText: 'Start the rolling restart of unsynced load balancers' })).toBeVisible();
});

test('a sparkline scrolled out of view rests, and shows the latest history when scrolled back', async ({ page, api }) => {
  await page.setViewportSize({ width: 900, height: 300 });
  // Enough tiles before ours that the grid scrolls it out of view, whatever the config defines.
  const fillers = Array.from({ length: 8 }, (_, i) => ({ metric: `e2e.filler-${i}`, value: i }));
  expect((await api.post('/api/ingest', { data: fillers })).status()).toBe(202);
  const created = await api.post('/api/incidents', { data: { title: 'Sparkline off screen' } });
  await page.goto(linkTo(`/incidents/${(await created.json()).id}`));
  const ingest = async (value: number, secondsAgo: number) => {
    const at = new Date(Date.now() - secondsAgo * 1000).toISOString();
    expect((await api.post('/api/ingest', { data: { metric: 'e2e.offscreen', value, at } })).status()).toBe(202);
  };
  await ingest(10, 3);
  await ingest(20, 2);
  const tile = page.locator('[data-metric="e2e.offscreen"]');
  const line = tile.locator('.sparkline polyline');
  await tile.scrollIntoViewIfNeeded();
  await expect(line).toHaveAttribute('points', /^\d+,\d+ \d+,\d+$/);
  const before = await line.getAttribute('points');

  // Out of view, the browser skips rendering the tile, and the line stops being redrawn.
  await page.locator('.tile').first().scrollIntoViewIfNeeded();
  const skipped = () => line.evaluate((el) => !el.checkVisibility({ contentVisibilityAuto: true }));
  await expect.poll(skipped).toBe(true);
  await ingest(5, 1);
  await expect(tile.getByTestId('metric-value')).toHaveText('5');
  // The store has the new point (the number shows it); two more frames, and the hidden line is still the old one.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await line.getAttribute('points')).toBe(before);

  await tile.scrollIntoViewIfNeeded();
  await expect.poll(() => line.getAttribute('points')).not.toBe(before);
  // Three points now: the one that arrived while the tile was out of view is drawn.
  expect((await line.getAttribute('points'))!.split(' ')).toHaveLength(3);
});

test('? opens the keyboard shortcuts anywhere but in a text field; Esc closes them', async ({ page }) => {
  await openIncident(page, /PAR6 power outage/);
  const help = page.getByTestId('shortcuts-help');
  await page.getByLabel('Entry text').fill('Why is PAR6 down');
  await page.getByLabel('Entry text').press('?');
  await expect(page.getByLabel('Entry text')).toHaveValue('Why is PAR6 down?');
  await expect(help).toBeHidden();
  await page.getByLabel('Entry text').press('Escape');
  await page.locator('body').click({ position: { x: 5, y: 200 } });
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Keyboard shortcuts');
  await expect(help).toContainText('write in the timeline');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});
