/**
 * A feed source dies under an open page: its tiles turn stale with the reason, the Feeds page
 * says it is failing, and both recover by themselves when it comes back. And a drill started
 * from the UI never touches a real incident's tiles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixtureServer } from '../support/fixture-server';
import { bearer, linkTo } from './auth';
import { expect, test } from './fixtures';
import { startOwnServer, tempDataDir } from './own-server';

const PORT = Number(process.env.E2E_FEEDS_PORT ?? 3197);
const base = `http://127.0.0.1:${PORT}`;

test('a source killed under an open page: its tile says stale and why, then recovers by itself', async ({ page }) => {
  test.setTimeout(90_000);
  const ceph = await new FixtureServer().start();
  ceph.reply = { body: fs.readFileSync('test/fixtures/ceph/quincy-17.2-err-recovery.json', 'utf8') };
  const configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-e2e-config-')), 'warroom.yaml');
  fs.writeFileSync(configFile, `sources:\n  - { id: ceph-par, type: ceph, url: "${ceph.url}", interval: 1s }\n`);
  const server = await startOwnServer({ port: PORT, config: configFile, dataDir: tempDataDir() });
  try {
    const headers = { 'Content-Type': 'application/json', ...bearer() };
    const incident = await (await fetch(`${base}/api/incidents`, { method: 'POST', headers, body: JSON.stringify({ title: 'Ceph degraded' }) })).json();
    await page.goto(linkTo(`${base}/incidents/${incident.id}`));
    const tile = page.locator('[data-metric="ceph.health"]');
    await expect(tile).toHaveAttribute('data-freshness', 'live');
    await expect(tile.getByTestId('metric-value')).toHaveText('HEALTH_ERR');
    await expect(tile.getByTestId('metric-note')).toContainText('OSD_DOWN');

    await ceph.stop();
    await expect(tile.getByTestId('metric-note')).toContainText('connection refused');
    await expect(tile).toHaveAttribute('data-freshness', 'stale');
    await expect(tile).toContainText('STALE');
    await expect(tile).toContainText('last value');
    await expect(tile.getByTestId('metric-value')).toHaveText('HEALTH_ERR');

    const feeds = await page.context().newPage();
    await feeds.goto(`${base}/feeds`);
    const row = feeds.getByRole('row', { name: /ceph-par/ });
    await expect(row).toContainText('FAILING');
    await expect(row).toContainText('connection refused');

    await ceph.start();
    await expect(tile).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });
    await expect(tile.getByTestId('metric-note')).not.toContainText('connection refused');
    await expect(tile).not.toContainText('last value');
    await expect(row).toContainText('OK', { timeout: 30_000 });
  } finally {
    server.process.kill('SIGKILL');
    await ceph.stop();
  }
});

test('a drill started from the UI plays in its own incident; the real incident keeps its own numbers', async ({ page, api }) => {
  const real = await (await api.post('/api/incidents', { data: { title: 'Real outage, not a drill' } })).json();
  expect((await api.post('/api/ingest', { data: { metric: 'vms.missing', value: 5, source: 'e2e' } })).status()).toBe(202);

  await page.goto(linkTo('/'));
  await page.getByLabel('Scenario').selectOption('par-network-2021-06-16');
  await page.getByLabel('Speed').fill('600');
  await page.getByRole('button', { name: 'Start drill' }).click();
  await expect(page).toHaveURL(/\/incidents\/\d+$/);
  expect(page.url()).not.toMatch(new RegExp(`/incidents/${real.id}$`));
  const drillQueue = page.locator('[data-metric="deploy.queue"]');
  await expect(drillQueue).toHaveAttribute('data-freshness', 'live');
  await expect(drillQueue.getByText('SIMULATED')).toBeVisible();

  await page.goto(`/incidents/${real.id}`);
  const vms = page.locator('[data-metric="vms.missing"]');
  await expect(vms.getByTestId('metric-value')).toHaveText('5');
  await expect(vms.getByText('SIMULATED')).toHaveCount(0);
  await expect(page.locator('[data-metric="deploy.queue"]')).toHaveCount(0);
  await expect(page.locator('.tile').getByText('SIMULATED')).toHaveCount(0);
  // Still 5 a while later, while the demo drill writes its own vms.missing every half second.
  await page.waitForTimeout(2000);
  await expect(vms.getByTestId('metric-value')).toHaveText('5');
});
