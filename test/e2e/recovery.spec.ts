/**
 * The three promises in one journey: the server is killed (-9) under an open browser.
 * What is on screen stops claiming to be live, what is typed meanwhile is kept, and when
 * the server comes back the page recovers and delivers it by itself, exactly once.
 * And a planned restart (SIGTERM) is said calmly, and recovers the same way.
 */
import { bearer, linkTo } from './auth';
import { expect, test } from './fixtures';
import { type OwnServer, startOwnServer, tempDataDir } from './own-server';

const PORT = Number(process.env.E2E_RECOVERY_PORT ?? 3198);
const CONFIG = 'test/e2e/push-only.yaml';
const base = `http://127.0.0.1:${PORT}`;

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...bearer() }, body: JSON.stringify(body) });
const ingest = (value: number) => post('/api/ingest', { metric: 'vms.missing', value, source: 'e2e' });
const openIncident = async (title: string): Promise<{ id: number }> => (await post('/api/incidents', { title })).json();

test('killed and restarted under an open page: not shown as live, nothing typed is lost', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = tempDataDir();
  let server = await startOwnServer({ port: PORT, config: CONFIG, dataDir });
  try {
    const incident = await openIncident('Recovery drill');
    await ingest(2800);
    await page.goto(linkTo(`${base}/incidents/${incident.id}`));
    const tile = page.locator('[data-metric="vms.missing"]');
    await expect(tile).toHaveAttribute('data-freshness', 'live');
    await expect(tile.getByTestId('metric-value')).toHaveText('2,800');

    server.process.kill('SIGKILL');
    const connection = page.getByTestId('connection');
    await expect(connection).toContainText(/RECONNECTING|DISCONNECTED/);
    await expect(tile).toHaveAttribute('data-freshness', 'disconnected');
    await expect(tile).toContainText('NOT LIVE');

    await page.getByLabel('Entry text').fill('Typed while the server was down');
    await page.getByLabel('Entry text').press('Enter');
    const draft = page.locator('.entry--draft', { hasText: 'Typed while the server was down' });
    await expect(draft).toBeVisible();
    await expect(draft).toContainText('pending');

    await server.exited;
    server = await startOwnServer({ port: PORT, config: CONFIG, dataDir });
    await ingest(1300);
    await expect(connection).toHaveText('● LIVE', { timeout: 20_000 });
    const stored = page.locator('.entry', { hasText: 'Typed while the server was down' });
    await expect(stored).toHaveAttribute('data-entry-id', /\d+/, { timeout: 15_000 });
    await expect(page.locator('.entry--draft')).toHaveCount(0);
    await expect(tile.getByTestId('metric-value')).toHaveText('1,300');
    await expect(tile).toHaveAttribute('data-freshness', 'live');

    const timeline = await (await fetch(`${base}/api/incidents/${incident.id}/timeline`, { headers: bearer() })).json();
    expect(timeline.entries.map((e: { text: string }) => e.text)).toEqual(['Typed while the server was down']);
  } finally {
    server.process.kill('SIGKILL');
  }
});

test('a planned restart (SIGTERM) is said calmly, then the page is live again by itself', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = tempDataDir();
  let server: OwnServer = await startOwnServer({ port: PORT, config: CONFIG, dataDir });
  try {
    const incident = await openIncident('Planned restart');
    await ingest(40);
    await page.goto(linkTo(`${base}/incidents/${incident.id}`));
    const tile = page.locator('[data-metric="vms.missing"]');
    const connection = page.getByTestId('connection');
    await expect(tile.getByTestId('metric-value')).toHaveText('40');
    await expect(connection).toHaveText('● LIVE');

    server.process.kill('SIGTERM');
    // Told by the server, not guessed: the calm banner, never the alarm.
    await expect(connection).toHaveText('◌ Server restarting — reconnecting…');
    await expect(connection).toHaveAttribute('data-state', 'restarting');
    await server.exited;
    await expect(tile).toHaveAttribute('data-freshness', 'disconnected');
    await expect(connection).toHaveAttribute('data-state', 'restarting');

    server = await startOwnServer({ port: PORT, config: CONFIG, dataDir });
    await expect(connection).toHaveText('● LIVE', { timeout: 20_000 });
    // Live again: still signed in (the session survived the restart), and new samples arrive.
    await expect(page.getByTestId('who')).toContainText('bootstrap admin');
    await ingest(41);
    await expect(tile.getByTestId('metric-value')).toHaveText('41');
    await expect(tile).toHaveAttribute('data-freshness', 'live');
    await page.getByLabel('Entry text').fill('Posted after the restart');
    await page.getByLabel('Entry text').press('Enter');
    await expect(page.locator('.entry', { hasText: 'Posted after the restart' })).toHaveAttribute('data-entry-id', /\d+/);
  } finally {
    server.process.kill('SIGKILL');
  }
});
