/**
 * Whatever people and feeds write is shown as text: markup in an entry, a title, a token's name
 * or an alert is seen literally and never runs, and an alert's link is a link only if it is
 * http(s). `window.__pwned` is what every payload here would set if it ran.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { FixtureServer } from '../support/fixture-server';
import { bearer, linkTo } from './auth';
import { createLink, expect, test } from './fixtures';
import { startOwnServer, tempDataDir } from './own-server';

const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '<script>window.__pwned=1</script>';
const JS_URL = 'javascript:window.__pwned=1';

async function expectNothingRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => Object.hasOwn(window, '__pwned'))).toBe(false);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('#root script')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
}

test('markup in entries, titles and names is shown as text and never runs', async ({ page, api }) => {
  const title = `${IMG} <b>Checkout down</b>`;
  const incident = await (await api.post('/api/incidents', { data: { title } })).json();
  const timeline = `/api/incidents/${incident.id}/timeline`;
  for (const text of [IMG, SCRIPT, JS_URL, '<a href="javascript:window.__pwned=1">click me</a>']) {
    expect((await api.post(timeline, { data: { text } })).status()).toBe(201);
  }
  // An author name and an "on behalf of" with markup: both come from people too.
  const odd = await createLink(api, { name: `<img src=x onerror=window.__pwned=2>`, role: 'responder' });
  const byOdd = await api.post(timeline, { headers: bearer(odd.secret), data: { text: 'posted by a strange name', onBehalfOf: SCRIPT } });
  expect(byOdd.status()).toBe(201);

  await page.goto(linkTo('/'));
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  for (const text of [IMG, SCRIPT, JS_URL, '<a href="javascript:window.__pwned=1">click me</a>']) {
    await expect(page.locator('.entry__text').getByText(text, { exact: true })).toBeVisible();
  }
  const strange = page.locator('.entry', { hasText: 'posted by a strange name' });
  await expect(strange.locator('.entry__author')).toHaveText(`<img src=x onerror=window.__pwned=2> for ${SCRIPT}`);
  await expectNothingRan(page);

  // The admin page shows the same name in the token list and the audit log.
  await page.goto('/admin');
  await expect(page.getByRole('table', { name: 'Links and tokens' }).getByText('<img src=x onerror=window.__pwned=2>')).toBeVisible();
  await expectNothingRan(page);
});

test("an alert's javascript: generatorURL is never a link; an http one is", async ({ page }) => {
  const alertmanager = await new FixtureServer().start();
  alertmanager.reply = { body: '[]' };
  const configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-e2e-config-')), 'warroom.yaml');
  fs.writeFileSync(configFile, `sources:\n  - { id: am, type: alertmanager, url: "${alertmanager.url}", interval: 1h }\n`);
  const port = Number(process.env.E2E_XSS_PORT ?? 3196);
  const server = await startOwnServer({ port, config: configFile, dataDir: tempDataDir() });
  try {
    const post = (p: string, body: unknown) =>
      fetch(`${server.base}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...bearer() }, body: JSON.stringify(body) });
    const incident = await (await post('/api/incidents', { title: 'Alerts with odd links' })).json();
    const alert = (name: string, generatorURL: string, instance: string) => ({
      status: 'firing',
      labels: { alertname: name, severity: 'critical', instance },
      annotations: { summary: `${IMG} summary` },
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL,
      fingerprint: `fp-${name}`,
    });
    const webhook = {
      version: '4',
      groupKey: '{}:{}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'warroom',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager.example:9093',
      alerts: [alert('HostDown', JS_URL, 'node-a:9100'), alert('DiskFull', 'http://prometheus.example:9090/graph?g0.expr=disk', 'node-b:9100')],
    };
    expect((await post('/api/feeds/am/alertmanager', webhook)).status).toBeLessThan(300);

    await page.goto(linkTo(`${server.base}/incidents/${incident.id}`));
    const panel = page.locator('[data-source="am"]');
    await expect(panel).toContainText('HostDown');
    await expect(panel).toContainText('DiskFull');
    await expect(panel.getByText(`node-a:9100 — ${IMG} summary`)).toBeVisible();
    await expect(panel.getByRole('link', { name: 'DiskFull: the rule in Prometheus' })).toHaveAttribute('href', 'http://prometheus.example:9090/graph?g0.expr=disk');
    await expect(panel.getByRole('link', { name: 'HostDown: the rule in Prometheus' })).toHaveCount(0);
    await expectNothingRan(page);
  } finally {
    server.process.kill('SIGKILL');
    await alertmanager.stop();
  }
});
