import { expect, test, type Page } from '@playwright/test';

async function openIncident(page: Page, title: string | RegExp) {
  await page.goto('/');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
}

test('the demo incident shows live simulated metrics that change, with their age', async ({ page }) => {
  await openIncident(page, /PAR6 power outage/);
  await expect(page.getByText('● LIVE')).toBeVisible();
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

test('an incident opened in one browser and an entry posted there appear in another', async ({ browser }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();

  await alice.goto('/');
  await alice.getByLabel('Title').fill('LB unsynced after RabbitMQ crash');
  await alice.getByLabel('Severity').selectOption('SEV2');
  await alice.getByRole('button', { name: 'Open incident' }).click();
  await expect(alice.getByRole('heading', { level: 1 })).toContainText('LB unsynced after RabbitMQ crash');
  const incidentUrl = alice.url();

  await bob.goto(incidentUrl);
  await expect(bob.getByRole('heading', { level: 1 })).toContainText('LB unsynced after RabbitMQ crash');

  await alice.getByLabel('Your name').fill('Alice (IC)');
  await alice.getByLabel('Component').selectOption('Load Balancers');
  await alice.getByLabel('Your name').press('Escape');
  await alice.keyboard.press('/');
  await alice.keyboard.type('/decision Start the rolling restart of unsynced load balancers');
  await alice.keyboard.press('Enter');

  const inBob = bob.locator('.entry', { hasText: 'Start the rolling restart of unsynced load balancers' });
  await expect(inBob).toBeVisible({ timeout: 5000 });
  await expect(inBob).toContainText('DECISION');
  await expect(inBob).toContainText('Load Balancers');
  await expect(inBob).toContainText('Alice (IC)');
  await expect(inBob.locator('time')).toContainText(/UTC/);
  await expect(inBob.locator('time')).toContainText(/CET|CEST/);
  // Alice's draft became the stored entry.
  await expect(alice.locator('.entry--draft')).toHaveCount(0);
  await expect(alice.locator('.entry', { hasText: 'Start the rolling restart' })).toHaveAttribute('data-entry-id', /\d+/);

  // A status change travels too, and is written into the timeline.
  await bob.getByLabel('Status').selectOption('identified');
  await expect(alice.getByTestId('incident-status')).toHaveText('IDENTIFIED');
  await expect(alice.locator('.entry--status', { hasText: 'Status changed from investigating to identified' })).toBeVisible();

  // And survives a reload: it was committed, not just shown.
  await bob.reload();
  await expect(bob.locator('.entry', { hasText: 'Start the rolling restart of unsynced load balancers' })).toBeVisible();
});

test('a sparkline scrolled out of view rests, and shows the latest history when scrolled back', async ({ page, request }) => {
  await page.setViewportSize({ width: 900, height: 300 });
  // Enough tiles before ours that the grid scrolls it out of view, whatever the config defines.
  const fillers = Array.from({ length: 8 }, (_, i) => ({ metric: `e2e.filler-${i}`, value: i }));
  expect((await request.post('/api/ingest', { data: fillers })).status()).toBe(202);
  const created = await request.post('/api/incidents', { data: { title: 'Sparkline off screen' } });
  await page.goto(`/incidents/${(await created.json()).id}`);
  const ingest = async (value: number, secondsAgo: number) => {
    const at = new Date(Date.now() - secondsAgo * 1000).toISOString();
    expect((await request.post('/api/ingest', { data: { metric: 'e2e.offscreen', value, at } })).status()).toBe(202);
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
