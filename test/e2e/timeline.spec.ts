/**
 * The timeline as the commander's instrument: a backdated decision in one line, entries typed
 * while the browser is really offline, corrections that keep the original, and a 10,000-entry
 * timeline scrolled back to its first entry.
 */
import type { Page } from '@playwright/test';
import { Temporal } from 'temporal-polyfill';
import type { Entry } from '#shared/timeline';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store';
import { ADMIN_SECRET, bearer, linkTo } from './auth';
import { createLink, expect, test } from './fixtures';
import { startOwnServer, tempDataDir } from './own-server';

async function newIncident(api: import('@playwright/test').APIRequestContext, title: string): Promise<number> {
  const res = await api.post('/api/incidents', { data: { title, timeZone: 'Europe/Paris' } });
  return ((await res.json()) as { id: number }).id;
}

const rowTexts = (page: Page) => page.locator('.timeline__list .entry .entry__text').allTextContents();

test('a backdated decision logged in one line sorts at its time in a second browser', async ({ api, openAs }) => {
  const id = await newIncident(api, 'Backdated decision');
  // Two hours ago, in CET as the seed writes it, and entries half an hour either side of it.
  const t = Temporal.Now.instant().subtract({ hours: 2 }).round({ smallestUnit: 'minute', roundingMode: 'floor' });
  const cet = t.toZonedDateTimeISO('+01:00');
  const hhmm = `${String(cet.hour).padStart(2, '0')}:${String(cet.minute).padStart(2, '0')}`;
  for (const [text, minutes] of [['Before the decision', -30], ['After the decision', 30]] as const) {
    await api.post(`/api/incidents/${id}/timeline`, { data: { text, occurredAt: t.add({ minutes }).toString() } });
  }
  const alice = await createLink(api, { name: 'Alice (IC)', role: 'commander' });
  const page = await openAs(`/incidents/${id}`, alice.secret);
  const bob = await openAs(`/incidents/${id}`, ADMIN_SECRET);
  await expect(bob.locator('.entry', { hasText: 'After the decision' })).toBeVisible();

  const input = page.getByLabel('Entry text');
  await input.fill(`${hhmm} CET, DBaaS, decision: reboot the PostgreSQL add-on provider first`);
  await expect(page.locator('.composer')).toContainText(new RegExp(`occurred (yesterday )?${hhmm} CET`));
  await input.press('Enter');

  const decision = bob.locator('.entry', { hasText: 'reboot the PostgreSQL add-on provider first' });
  await expect(decision).toBeVisible();
  await expect(decision).toContainText('DECISION');
  await expect(decision).toContainText('DBaaS');
  await expect(decision).toContainText(/backdated/i);
  await expect.poll(() => rowTexts(bob)).toEqual(['Before the decision', 'reboot the PostgreSQL add-on provider first', 'After the decision']);
  const stored = (await (await api.get(`/api/incidents/${id}/timeline?kind=decision`)).json()) as { entries: Entry[] };
  expect(stored.entries.map((e) => [e.occurredAt, e.component])).toEqual([[t.toString({ smallestUnit: 'millisecond' }), 'DBaaS']]);
  // The component chosen by that line does not stick to the next one.
  await input.fill('Crisis conference continues');
  await input.press('Enter');
  await expect(bob.locator('.entry', { hasText: 'Crisis conference continues' })).not.toContainText('DBaaS');
  // Alice first wrote after Bob's screen opened: his author filter lists her once he opens it.
  const authors = bob.getByLabel('Filter by author');
  await authors.focus();
  await expect(authors.locator('option')).toHaveText(['Anyone', 'Alice (IC)', 'bootstrap admin (you)']);
  await authors.selectOption('Alice (IC)');
  await expect.poll(() => rowTexts(bob)).toEqual(['reboot the PostgreSQL add-on provider first', 'Crisis conference continues']);
});

test('an unknown command is refused in words, not posted', async ({ page }) => {
  await page.goto(linkTo('/'));
  await page.getByRole('link', { name: /PAR6 power outage/ }).click();
  const input = page.getByLabel('Entry text');
  await input.fill('/dbaas reboot everything');
  await input.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Unknown command /dbaas');
  await expect(input).toHaveValue('/dbaas reboot everything');
  await expect(page.locator('.entry--draft')).toHaveCount(0);
});

test('offline for real: three entries wait in the browser and are stored and shown once each', async ({ api, context, page }) => {
  const id = await newIncident(api, 'Offline scribe');
  await page.goto(linkTo(`/incidents/${id}`));
  await expect(page.getByTestId('connection')).toHaveText('● LIVE');
  const input = page.getByLabel('Entry text');
  await expect(input).toBeVisible();
  await context.setOffline(true);
  await expect(page.getByTestId('connection')).not.toHaveText('● LIVE');
  for (const text of ['Offline one', 'Offline two', 'Offline three']) {
    await input.fill(text);
    await input.press('Enter');
  }
  await expect(page.locator('.entry--draft')).toHaveCount(3);
  await expect(page.locator('.entry--draft').first()).toContainText('will send when back online');
  await context.setOffline(false);
  await expect(page.getByTestId('connection')).toHaveText('● LIVE', { timeout: 20_000 });
  await expect(page.locator('.entry--draft')).toHaveCount(0, { timeout: 15_000 });
  for (const text of ['Offline one', 'Offline two', 'Offline three']) await expect(page.locator('.entry[data-entry-id]', { hasText: text })).toHaveCount(1);
  const stored = (await (await api.get(`/api/incidents/${id}/timeline`)).json()) as { entries: Entry[] };
  expect(stored.entries.map((e) => e.text)).toEqual(['Offline one', 'Offline two', 'Offline three']);
});

test('edit and retract: the other screen sees the correction, the history keeps the original', async ({ api, openAs, page }) => {
  const id = await newIncident(api, 'Corrections');
  await page.goto(linkTo(`/incidents/${id}`));
  const other = await openAs(`/incidents/${id}`, ADMIN_SECRET);
  const input = page.getByLabel('Entry text');
  await input.fill('Ceph HEALTH_ERR on PAR5');
  await input.press('Enter');
  await expect(page.locator('.entry[data-entry-id]', { hasText: 'Ceph HEALTH_ERR on PAR5' })).toBeVisible();

  // Up in the empty composer edits one's own last entry.
  await input.press('ArrowUp');
  await expect(input).toHaveValue('Ceph HEALTH_ERR on PAR5');
  await input.fill('Ceph HEALTH_ERR on PAR6');
  await input.press('Enter');
  const row = other.locator('.entry', { hasText: 'Ceph HEALTH_ERR on PAR6' });
  await expect(row).toBeVisible();
  await expect(row).toContainText(/edited/i);
  await row.hover();
  await row.getByRole('button', { name: 'History' }).click();
  await expect(other.getByRole('region', { name: /History of entry/ })).toContainText('Ceph HEALTH_ERR on PAR5');

  const mine = page.locator('.entry', { hasText: 'Ceph HEALTH_ERR on PAR6' });
  await mine.hover();
  await mine.getByRole('button', { name: 'Retract' }).click();
  await page.getByLabel('Retract: why?').fill('it was a test alert');
  await page.getByLabel('Retract: why?').press('Enter');
  await expect(row).toContainText('it was a test alert');
  await expect(row.locator('.entry__text')).toHaveCSS('text-decoration-line', 'line-through');
});

test('a 10,000-entry timeline opens on its latest page and scrolls back to its first entry', async ({ page }) => {
  test.setTimeout(120_000);
  const port = Number(process.env.E2E_LONG_PORT ?? 3197);
  const dataDir = tempDataDir();
  // Stored as the server stores them, before it starts: the journey is about reading them back.
  const store = openSqliteStore(dataDir);
  const incident = await store.createIncident({ title: 'Long incident', severity: 'SEV2', status: 'identified', timeZone: 'Europe/Paris', simulated: false, drill: null, sources: null, webhook: null, createdAt: '2025-03-03T08:00:00.000Z' });
  const start = Date.parse('2025-03-03T08:00:00Z');
  await Promise.all(
    Array.from({ length: 10_000 }, (_, i) => {
      const at = new Date(start + i * 3000).toISOString();
      return store.appendEntry(incident.id, { kind: i % 7 === 0 ? 'decision' : 'note', text: `Long entry ${i + 1}`, component: null, author: 'seed', onBehalfOf: null, occurredAt: at, loggedAt: at, clientId: null, simulated: false, action: null, evidence: null });
    }),
  );
  await store.close();
  const server = await startOwnServer({ port, config: 'test/e2e/push-only.yaml', dataDir });
  try {
    await page.goto(linkTo(`${server.base}/incidents/${incident.id}`));
    await expect(page.locator('.entry', { hasText: 'Long entry 10000' })).toBeVisible();
    // Only the latest page came with the snapshot; the list renders only what is on screen.
    expect(await page.locator('.timeline__list > li').count()).toBeLessThan(80);
    const scroller = page.locator('.timeline');
    await expect
      .poll(
        async () => {
          await scroller.evaluate((el) => el.scrollTo(0, 0));
          return page.locator('.entry .entry__text', { hasText: /^Long entry 1$/ }).count();
        },
        { timeout: 90_000, intervals: [300] },
      )
      .toBeGreaterThan(0);
    await expect(page.locator('.entry .entry__text', { hasText: /^Long entry 1$/ })).toBeVisible();
    expect(await page.locator('.timeline__list > li').count()).toBeLessThan(80);
    // Search runs on the server: it finds an entry wherever it is.
    await page.getByRole('searchbox', { name: 'Search the timeline' }).fill('"Long entry 5000"');
    await expect(page.locator('.entry .entry__text', { hasText: /^Long entry 5000$/ })).toBeVisible();
    const all = await (await fetch(`${server.base}/api/incidents/${incident.id}/timeline?q=5000`, { headers: bearer() })).json();
    expect(all.entries.map((e: Entry) => e.text)).toEqual(['Long entry 5000']);
  } finally {
    server.process.kill('SIGKILL');
  }
});

test('folding system entries keeps the reader at the end, or at the entry they were reading', async ({ page }) => {
  const port = Number(process.env.E2E_LONG_PORT ?? 3197);
  const dataDir = tempDataDir();
  const store = openSqliteStore(dataDir);
  const incident = await store.createIncident({ title: 'Folding', severity: 'SEV2', status: 'identified', timeZone: 'Europe/Paris', simulated: false, drill: null, sources: null, webhook: null, createdAt: '2025-03-03T08:00:00.000Z' });
  const start = Date.parse('2025-03-03T08:00:00Z');
  // Runs of two status entries between people's notes; the newest entry is a note.
  for (let i = 1; i <= 300; i++) {
    const at = new Date(start + i * 3000).toISOString();
    const kind = i % 3 === 0 ? 'note' : 'status';
    await store.appendEntry(incident.id, { kind, text: `${kind} ${i}`, component: null, author: 'seed', onBehalfOf: null, occurredAt: at, loggedAt: at, clientId: null, simulated: false, action: null, evidence: null });
  }
  await store.close();
  const server = await startOwnServer({ port, config: 'test/e2e/push-only.yaml', dataDir });
  try {
    await page.goto(linkTo(`${server.base}/incidents/${incident.id}`));
    const fold = page.getByLabel('System entries');
    const newest = page.locator('.entry .entry__text', { hasText: /^note 300$/ });
    await expect(newest).toBeInViewport();
    await fold.selectOption('folded');
    await expect(page.locator('.fold').first()).toBeVisible();
    await expect(newest).toBeInViewport();
    // Opening the runs at the end makes the list longer above the newest entry: it stays in view.
    await fold.selectOption('shown');
    await expect(page.locator('.fold')).toHaveCount(0);
    await expect(newest).toBeInViewport();
    await fold.selectOption('folded');

    // Half way up, the entry at the top of the list stays at the top when the runs open again.
    const scroller = page.locator('.timeline');
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
    const topRow = () =>
      scroller.evaluate((el) => {
        const top = el.getBoundingClientRect().top + 48; // below the 'load older' bar
        const rows = [...el.querySelectorAll<HTMLElement>('.entry')];
        return rows.find((r) => r.getBoundingClientRect().bottom > top)?.querySelector('.entry__text')?.textContent ?? '';
      });
    // The virtual list renders the rows for the new offset once it hears the scroll.
    await expect.poll(topRow).toMatch(/^note (1?\d|2[0-8])\d$/);
    const topText = await topRow();
    await fold.selectOption('shown');
    const reading = page.locator('.entry .entry__text', { hasText: new RegExp(`^${topText}$`) });
    await expect(reading).toBeInViewport();
    await expect(newest).not.toBeInViewport();
  } finally {
    server.process.kill('SIGKILL');
  }
});

test('a jump to a time or to a pinned entry loads the older pages it needs and shows the entry', async ({ page }) => {
  const port = Number(process.env.E2E_LONG_PORT ?? 3197);
  const dataDir = tempDataDir();
  const store = openSqliteStore(dataDir);
  const incident = await store.createIncident({ title: 'Jumps', severity: 'SEV2', status: 'identified', timeZone: 'Europe/Paris', simulated: false, drill: null, sources: null, webhook: null, createdAt: '2025-03-03T08:00:00.000Z' });
  // 1,600 entries a minute apart from 09:00 CET: four pages of 500, the screen opens on the last.
  const start = Date.parse('2025-03-03T08:00:00Z');
  for (let i = 0; i < 1600; i++) {
    const at = new Date(start + i * 60_000).toISOString();
    await store.appendEntry(incident.id, { kind: 'note', text: `Minute ${i}`, component: null, author: 'seed', onBehalfOf: null, occurredAt: at, loggedAt: at, clientId: null, simulated: false, action: null, evidence: null });
  }
  await store.close();
  const server = await startOwnServer({ port, config: 'test/e2e/push-only.yaml', dataDir });
  try {
    await page.goto(linkTo(`${server.base}/incidents/${incident.id}`));
    await expect(page.locator('.entry', { hasText: 'Minute 1599' })).toBeVisible();

    // 09:30:30 CET on the first day falls between Minute 30 and Minute 31, three pages back.
    await page.getByLabel('Jump to').fill('2025-03-03 09:30:30');
    await page.getByLabel('Jump to').press('Enter');
    await expect(page.locator('.timeline-toolbar__jumped')).toContainText('first entry at 09:31:00 CET');
    await expect(page.locator('.entry .entry__text', { hasText: /^Minute 31$/ })).toBeInViewport();

    // A pinned entry from another page: the strip's button scrolls the timeline to it.
    const [minute900] = await searchTimeline(server.base, incident.id, '"Minute 900"');
    const pinned = await fetch(`${server.base}/api/incidents/${incident.id}/timeline/${minute900!.id}/pin`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ pinned: true }),
    });
    expect(pinned.status).toBe(200);
    await page.getByRole('region', { name: 'Pinned entries' }).getByRole('button', { name: /Minute 900/ }).click();
    await expect(page.locator('.entry .entry__text', { hasText: /^Minute 900$/ })).toBeInViewport();
  } finally {
    server.process.kill('SIGKILL');
  }
});

/** The entries the timeline's search finds for `q`, as the admin. */
async function searchTimeline(base: string, incidentId: number, q: string): Promise<Entry[]> {
  const res = await fetch(`${base}/api/incidents/${incidentId}/timeline?q=${encodeURIComponent(q)}`, { headers: bearer() });
  return ((await res.json()) as { entries: Entry[] }).entries;
}
