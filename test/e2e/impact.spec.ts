/**
 * Customer impact as support staff and the commander live it: a product turns to partial outage
 * on the support view as the commander sets it; the public-update reminder appears once the
 * cadence passes; the drift warning appears when the public story disagrees, and clears.
 */
import type { APIRequestContext } from '@playwright/test';
import { createLink, expect, test } from './fixtures';

async function newIncident(api: APIRequestContext, title: string): Promise<number> {
  const res = await api.post('/api/incidents', { data: { title, timeZone: 'Europe/Paris' } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

test('a support user sees a product turn to partial outage as the commander sets it', async ({ api, openAs }) => {
  const id = await newIncident(api, 'Databases degraded in PAR6');
  const commander = await createLink(api, { name: 'Alice (IC)', role: 'commander' });
  const support = await createLink(api, { name: 'Sam (support)', role: 'support' });
  const desk = await openAs(`/incidents/${id}/support`, support.secret);
  await expect(desk.getByText('No customer impact recorded.')).toBeVisible();

  const board = await openAs(`/incidents/${id}/impact`, commander.secret);
  await board.locator('[data-testid="impact-cell"][data-product="databases"][data-zone="PAR6"]').click();
  await board.getByLabel('Partial outage').check();
  await board.getByLabel('What customers read').fill('Some databases cannot be reached.');
  await board.getByRole('button', { name: 'Save', exact: true }).click();

  const row = desk.locator('[data-testid="support-impact"][data-product="databases"][data-zone="PAR6"]');
  await expect(row).toContainText('Partial outage');
  await expect(row).toContainText('Some databases cannot be reached.');
  await expect(row).toContainText('Databases (MySQL, PostgreSQL, Redis, MongoDB)');
  // The commander's board shows the same cell, and the timeline records who set it.
  await expect(board.locator('[data-testid="impact-cell"][data-product="databases"][data-zone="PAR6"]')).toHaveAttribute('data-status', 'partial_outage');
  const { entries } = (await (await api.get(`/api/incidents/${id}/timeline`)).json()) as { entries: { text: string; author: string }[] };
  expect(entries.find((e) => e.text.startsWith('Impact:'))).toMatchObject({ author: 'Alice (IC)' });
});

test('the public-update reminder appears once the cadence has passed since the last update', async ({ api, openAs }) => {
  const id = await newIncident(api, 'Cadence');
  await api.post(`/api/incidents/${id}/updates`, { data: { status: 'investigating', text: 'We are investigating.', publish: true } });
  const commander = await createLink(api, { name: 'Alice (IC)', role: 'commander' });
  const page = await openAs(`/incidents/${id}`, commander.secret);
  const chip = page.getByTestId('cadence-reminder');
  await expect(chip).toContainText(/last public update/i);
  await expect(chip).not.toContainText(/due/i);
  // The browser's clock, not a wait: 31 minutes later for Date.now(), its timers still running.
  const now = await page.evaluate(() => Date.now());
  await page.clock.setFixedTime(now + 31 * 60_000);
  await expect(chip).toContainText(/due/i);
  // A new update, published now, resets it: a minute after it, nothing is due.
  await api.post(`/api/incidents/${id}/updates`, { data: { status: 'identified', text: 'Found it.', publish: true } });
  await page.clock.setFixedTime(now + 60_000);
  await expect(chip).not.toContainText(/due/i);
  await expect(chip).toContainText(/last public update/i);
});

test('the drift warning appears when the public status disagrees with the board, and clears', async ({ api, openAs }) => {
  const id = await newIncident(api, 'Drift');
  const commander = await createLink(api, { name: 'Alice (IC)', role: 'commander' });
  const page = await openAs(`/incidents/${id}`, commander.secret);
  await expect(page.getByTestId('incident-status')).toBeVisible();
  const drift = page.getByTestId('drift-warning');
  await expect(drift).toHaveCount(0);

  await api.put(`/api/incidents/${id}/impact`, { data: { product: 'runtimes', zones: ['PAR6'], status: 'partial_outage' } });
  await expect(drift).toContainText('nothing was said publicly yet');
  await api.post(`/api/incidents/${id}/updates`, { data: { status: 'identified', text: 'Some applications in PAR6 are down.', publish: true } });
  await expect(drift).toHaveCount(0);

  // "Monitoring" while the board is still red: the public is told it is over, the room knows it is not.
  await api.post(`/api/incidents/${id}/updates`, { data: { status: 'monitoring', text: 'A fix is in place.', publish: true } });
  await expect(drift).toContainText('Public status says monitoring');
  await api.put(`/api/incidents/${id}/impact`, { data: { product: 'runtimes', zones: ['PAR6'], status: 'operational' } });
  await expect(drift).toHaveCount(0);
});
