/**
 * The three promises in one journey: the server is killed (-9) under an open browser.
 * What is on screen stops claiming to be live, what is typed meanwhile is kept, and when
 * the server comes back the page recovers and delivers it by itself, exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const PORT = Number(process.env.E2E_RECOVERY_PORT ?? 3198);
const base = `http://127.0.0.1:${PORT}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-e2e-recovery-'));

/** What `npm start` runs: the server bundle that Playwright's webServer built (npm run build). */
async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.mjs'], {
    env: { ...process.env, PORT: String(PORT), WARROOM_DATA_DIR: dataDir, WARROOM_CONFIG: 'test/e2e/push-only.yaml', LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  await expect.poll(() => fetch(`${base}/healthz`).then((r) => r.status).catch(() => 0), { timeout: 20_000 }).toBe(200);
  return child;
}

const ingest = (value: number) =>
  fetch(`${base}/api/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ metric: 'vms.missing', value, source: 'e2e' }) });

test('killed and restarted under an open page: not shown as live, nothing typed is lost', async ({ page }) => {
  test.setTimeout(90_000);
  let server = await startServer();
  try {
    const incident = await (
      await fetch(`${base}/api/incidents`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Recovery drill' }) })
    ).json();
    await ingest(2800);
    await page.goto(`${base}/incidents/${incident.id}`);
    const tile = page.locator('[data-metric="vms.missing"]');
    await expect(tile).toHaveAttribute('data-freshness', 'live');
    await expect(tile.getByTestId('metric-value')).toHaveText('2,800');

    server.kill('SIGKILL');
    await expect(page.getByRole('status')).toContainText(/RECONNECTING|OFFLINE/);
    await expect(tile).toHaveAttribute('data-freshness', 'disconnected');
    await expect(tile).toContainText('NOT LIVE');

    await page.getByLabel('Entry text').fill('Typed while the server was down');
    await page.getByLabel('Entry text').press('Enter');
    const draft = page.locator('.entry--draft', { hasText: 'Typed while the server was down' });
    await expect(draft).toBeVisible();
    await expect(draft).toContainText('NOT SAVED', { timeout: 15_000 });

    server = await startServer();
    await ingest(1300);
    await expect(page.getByRole('status')).toHaveText('● LIVE', { timeout: 20_000 });
    const stored = page.locator('.entry', { hasText: 'Typed while the server was down' });
    await expect(stored).toHaveAttribute('data-entry-id', /\d+/, { timeout: 15_000 });
    await expect(page.locator('.entry--draft')).toHaveCount(0);
    await expect(tile.getByTestId('metric-value')).toHaveText('1,300');
    await expect(tile).toHaveAttribute('data-freshness', 'live');

    const timeline = await (await fetch(`${base}/api/incidents/${incident.id}/timeline`)).json();
    expect(timeline.entries.map((e: { text: string }) => e.text)).toEqual(['Typed while the server was down']);
  } finally {
    server.kill('SIGKILL');
  }
});
