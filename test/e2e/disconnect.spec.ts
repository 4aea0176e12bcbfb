/**
 * Losing the server, however it is lost, is on screen within 5 s, frozen at when the last word
 * arrived: a killed process closes the socket at once; a hung one (SIGSTOP, as a silent network
 * loss looks) closes nothing, and only the server's missing heartbeat tells. The browser's clock
 * is driven (page.clock), not waited on.
 */
import type { Page } from '@playwright/test';
import { bearer, linkTo } from './auth';
import { expect, test } from './fixtures';
import { type OwnServer, startOwnServer, tempDataDir } from './own-server';

const PORT = Number(process.env.E2E_DISCONNECT_PORT ?? 3196);
const base = `http://127.0.0.1:${PORT}`;
const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...bearer() }, body: JSON.stringify(body) });
const ingest = (value: number) => post('/api/ingest', { metric: 'vms.missing', value, source: 'e2e' });

/** The "frozen at" time the banner shows, as Unix ms on the day it was read. */
async function frozenAt(page: Page): Promise<number> {
  const text = (await page.getByTestId('connection').textContent()) ?? '';
  const hhmmss = /data frozen at (\d\d:\d\d:\d\d) UTC/.exec(text)?.[1];
  expect(hhmmss, text).toBeDefined();
  const today = new Date().toISOString().slice(0, 10);
  return Date.parse(`${today}T${hhmmss}Z`);
}

let server: OwnServer;
test.afterEach(async () => {
  server.process.kill('SIGCONT');
  server.process.kill('SIGKILL');
  await server.exited;
});

async function openLive(page: Page) {
  server = await startOwnServer({ port: PORT, config: 'test/e2e/push-only.yaml', dataDir: tempDataDir() });
  const { id } = (await (await post('/api/incidents', { title: 'Silent network' })).json()) as { id: number };
  await ingest(2800);
  await page.clock.install();
  await page.goto(linkTo(`${base}/incidents/${id}`));
  const tile = page.locator('[data-metric="vms.missing"]');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(tile).toHaveAttribute('data-freshness', 'live');
  return tile;
}

test('a hung server (SIGSTOP) shows DISCONNECTED within 5 s, frozen at its last word; it clears when it continues', async ({ page }) => {
  test.setTimeout(60_000);
  const tile = await openLive(page);
  const stoppedAt = await page.evaluate(() => Date.now());
  server.process.kill('SIGSTOP');
  // Nothing closes: without a heartbeat this page would say LIVE for 45 s.
  await page.clock.fastForward(5000);
  const connection = page.getByTestId('connection');
  await expect(connection).toContainText('DISCONNECTED');
  await expect(tile).toHaveAttribute('data-freshness', 'disconnected');
  const frozen = await frozenAt(page);
  expect(frozen).toBeLessThanOrEqual(stoppedAt);
  expect(frozen).toBeGreaterThan(stoppedAt - 3000);

  server.process.kill('SIGCONT');
  await expect(connection).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await ingest(2500);
  await expect(tile.getByTestId('metric-value')).toHaveText('2,500');
  await expect(tile).toHaveAttribute('data-freshness', 'live');
});

test('a killed server shows DISCONNECTED at once, frozen at its last word', async ({ page }) => {
  const tile = await openLive(page);
  const killedAt = await page.evaluate(() => Date.now());
  server.process.kill('SIGKILL');
  await expect(page.getByTestId('connection')).toContainText(/DISCONNECTED|RECONNECTING/);
  await expect(tile).toHaveAttribute('data-freshness', 'disconnected');
  const frozen = await frozenAt(page);
  expect(frozen).toBeLessThanOrEqual(killedAt);
  expect(frozen).toBeGreaterThan(killedAt - 3000);
});
