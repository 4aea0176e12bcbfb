/**
 * The admin's journey: make a link for a responder in the UI, see it once, the responder opens
 * it elsewhere and posts under that name; revoke it, and the responder's open page is signed out.
 */
import { linkTo } from './auth';
import { expect, expectSignedIn, signInScreen, test } from './fixtures';

test('an admin makes a responder link, it posts under its name, and revoking it signs its page out', async ({ page, api, openAs }) => {
  const incident = await (await api.post('/api/incidents', { data: { title: 'Links made in the UI' } })).json();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(linkTo('/'));
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();

  await page.getByLabel('Name').fill('Rita (network on-call)');
  await page.getByLabel('Role').selectOption('responder');
  await expect(page.getByText('responder: Follows incidents; posts notes, actions.')).toBeVisible();
  await page.getByLabel('Opens').fill(`/incidents/${incident.id}`);
  await page.getByRole('button', { name: 'Create link' }).click();

  // Shown once, with a way to copy it.
  const link = page.getByLabel('Sign-in link');
  await expect(link).toHaveValue(new RegExp(`/incidents/${incident.id}#token=wr_`));
  await expect(page.getByText('This link will not be shown again.')).toBeVisible();
  const secretLink = await link.inputValue();
  await expect(page.getByRole('button', { name: 'Copy' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secretLink);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByLabel('Sign-in link')).toHaveCount(0);
  await expect(page.getByText(secretLink)).toHaveCount(0);

  const row = page.getByRole('table', { name: 'Links and tokens' }).getByRole('row', { name: /Rita \(network on-call\)/ });
  await expect(row).toContainText('responder');
  await expect(row).toContainText('bootstrap admin');
  await expect(row).toContainText('ACTIVE');

  // Rita opens it in her own browser, and posts: the author is the link's name.
  const rita = await openAs(secretLink);
  await expectSignedIn(rita, 'Rita (network on-call)');
  await expect(rita.getByRole('heading', { level: 1 })).toContainText('Links made in the UI');
  await rita.getByLabel('Entry text').fill('Traceroute from PAR6 stops at the core switch');
  await rita.getByLabel('Entry text').press('Enter');
  const entry = rita.locator('.entry', { hasText: 'Traceroute from PAR6 stops at the core switch' });
  await expect(entry).toHaveAttribute('data-entry-id', /\d+/);
  await expect(entry.locator('.entry__author')).toHaveText('Rita (network on-call)');

  // Her first use is on record.
  await page.reload();
  await expect(row.locator('td').nth(3)).not.toHaveText('never');
  const audit = page.getByRole('region', { name: 'Audit log' });
  await expect(audit.getByRole('row', { name: /token\.first_use.*Rita \(network on-call\)/ })).toBeVisible();

  // Revoked with the keyboard: the question takes focus, Enter confirms.
  await row.getByRole('button', { name: 'Revoke Rita (network on-call)' }).focus();
  await page.keyboard.press('Enter');
  await expect(row.getByRole('button', { name: 'Yes, revoke' })).toBeFocused();
  await expect(row).toContainText('They are signed out at once.');
  await page.keyboard.press('Enter');
  await expect(row).toContainText('REVOKED');
  await expect(audit.getByRole('row', { name: /token\.revoked.*Rita \(network on-call\)/ })).toBeVisible();

  // Her open page notices by itself, without a reload.
  await expect(signInScreen(rita)).toBeVisible({ timeout: 5000 });
  await expect(rita.getByText('You were signed out: this link was revoked.')).toBeVisible();
  await expect(rita.getByLabel('Entry text')).toHaveCount(0);
});

test('a feed token is shown as a secret for scripts, and checked before it is sent', async ({ page }) => {
  await page.goto(linkTo('/admin'));
  await page.getByLabel('Name').fill('alertmanager-par');
  await page.getByLabel('Role').selectOption('feed');
  await expect(page.getByLabel('Opens')).toHaveCount(0);
  await page.getByRole('button', { name: 'Create feed token' }).click();
  await expect(page.getByRole('alert')).toHaveText('Source: the id of a configured feed source, e.g. am-par');
  await expect(page.getByLabel('Source')).toBeFocused();

  await page.getByLabel('Source').fill('push');
  await page.getByRole('button', { name: 'Create feed token' }).click();
  await expect(page.getByLabel('Feed token secret')).toHaveValue(/^wr_/);
  await expect(page.getByText('Send it as Authorization: Bearer <token>.')).toBeVisible();
});

test('the admin page is not offered to other roles', async ({ api, openAs }) => {
  const response = await api.post('/api/tokens', { data: { name: 'Cara (IC)', role: 'commander' } });
  const { link } = await response.json();
  const cara = await openAs(link);
  await expectSignedIn(cara, 'Cara (IC)');
  await expect(cara.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await cara.goto('/admin');
  await expect(cara.getByRole('alert')).toHaveText('Not allowed: this page is for admins.');
});
