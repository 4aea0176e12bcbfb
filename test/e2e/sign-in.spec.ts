/**
 * Signing in is opening a link: its secret is exchanged for a session cookie and leaves the
 * address bar; what a role may not do is not offered; a link that does not work says so calmly.
 */
import { ADMIN_SECRET, linkTo } from './auth';
import { createLink, expect, expectSignedIn, signInScreen, test } from './fixtures';

test('a link signs in, its secret leaves the address bar, and a reload stays signed in', async ({ page }) => {
  await page.goto(linkTo('/feeds'));
  await expectSignedIn(page, 'bootstrap admin');
  await expect(page.getByTestId('who')).toContainText('admin');
  expect(page.url()).toBe(new URL('/feeds', page.url()).href);
  expect(page.url()).not.toContain(ADMIN_SECRET);
  await expect(page.getByRole('heading', { name: 'Feeds', level: 1 })).toBeVisible();

  await page.reload();
  await expectSignedIn(page, 'bootstrap admin');
  await expect(signInScreen(page)).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(signInScreen(page)).toBeVisible();
  await expect(page.getByText('You signed out.')).toBeVisible();
  await page.reload();
  await expect(signInScreen(page)).toBeVisible();
});

test('a viewer link opens the incident with no composer and no status controls', async ({ api, openAs }) => {
  const incident = await (await api.post('/api/incidents', { data: { title: 'Watched from the wall screen' } })).json();
  const wall = await createLink(api, { name: 'Wall screen', role: 'viewer', path: `/incidents/${incident.id}` });

  const page = await openAs(wall.link);
  await expectSignedIn(page, 'Wall screen');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Watched from the wall screen');
  await expect(page.getByTestId('connection')).toHaveText('● LIVE');
  await expect(page.getByText('you can follow this incident, not post to it')).toBeVisible();
  await expect(page.getByLabel('Entry text')).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Post to the timeline' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Severity' })).toHaveCount(0);

  await page.getByRole('link', { name: 'WARROOM' }).click();
  await expect(page.getByRole('link', { name: 'Watched from the wall screen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open incident' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start drill' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
});

test('a responder is offered only the kinds it may post', async ({ api, openAs }) => {
  const incident = await (await api.post('/api/incidents', { data: { title: 'Responder kinds' } })).json();
  const rita = await createLink(api, { name: 'Rita', role: 'responder', path: `/incidents/${incident.id}` });
  const page = await openAs(rita.link);
  await expectSignedIn(page, 'Rita');

  const kind = page.getByRole('combobox', { name: 'Kind', exact: true });
  await expect(kind.locator('option')).toHaveText(['NOTE', 'ACTION']);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveCount(0);
  // A decision typed as a command is refused here, and the text is kept.
  await page.getByLabel('Entry text').fill('/decision Fail over to PAR7');
  await page.getByLabel('Entry text').press('Enter');
  await expect(page.getByRole('alert')).toHaveText('The responder role may not post decision entries.');
  await expect(page.getByLabel('Entry text')).toHaveValue('/decision Fail over to PAR7');
  await expect(page.locator('.entry', { hasText: 'Fail over to PAR7' })).toHaveCount(0);
});

test('an invalid link shows the sign-in screen, and a pasted link then signs in', async ({ api, openAs }) => {
  const page = await openAs('/', 'wr_this-is-not-a-token-of-this-server');
  await expect(signInScreen(page)).toBeVisible();
  await expect(page.getByText('That link did not sign you in: unknown token.')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  await expect(page.getByRole('heading', { name: 'Incidents' })).toHaveCount(0);

  const incident = await (await api.post('/api/incidents', { data: { title: 'Pasted link' } })).json();
  const sam = await createLink(api, { name: 'Sam (support)', role: 'support', path: `/incidents/${incident.id}` });
  await page.getByLabel('Or paste the link (or its token) here').fill(sam.link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectSignedIn(page, 'Sam (support)');
  // The pasted link's page is opened, and support posts customer comms only.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Pasted link');
  await expect(page.getByLabel('Entry text')).toHaveAttribute('placeholder', /customer comms/);
});

test('signing out in one tab signs out the others when they next ask the server', async ({ page, context }) => {
  await page.goto(linkTo('/feeds'));
  await expectSignedIn(page, 'bootstrap admin');
  await expect(page.getByText(/Report of .* refreshed every 2 s/)).toBeVisible();

  const other = await context.newPage();
  await other.goto('/');
  await expectSignedIn(other, 'bootstrap admin');
  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(signInScreen(other)).toBeVisible();

  // The Feeds page polls every 2 s: its next call is refused (401), and it says so.
  await expect(signInScreen(page)).toBeVisible({ timeout: 5000 });
  await expect(page.getByText('You were signed out: this browser no longer has a session (signed out in another tab?).')).toBeVisible();
});
