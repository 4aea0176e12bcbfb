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
