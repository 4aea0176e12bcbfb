/**
 * The specs' `test`: every browser context they open is watched for Content Security Policy
 * violations (a test fails on any), `api` is a REST client with the admin's bearer token, and
 * `openAs` opens a link in a fresh browser context, as a person opening a link they were sent.
 */
import { type APIRequestContext, type BrowserContext, expect, type Page, test as base } from '@playwright/test';
import type { CreatedToken } from '#shared/auth';
import { bearer, linkTo } from './auth';

type Fixtures = {
  api: APIRequestContext;
  cspViolations: string[];
  /** A page in a new browser context that opened `address` (a path, or a whole link) with `secret`'s fragment. */
  openAs: (address: string, secret?: string) => Promise<Page>;
};

export const test = base.extend<Fixtures>({
  cspViolations: [
    // oxlint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern: none.
    async ({}, use) => {
      const violations: string[] = [];
      await use(violations);
      expect(violations, 'Content Security Policy violations in the browser console').toEqual([]);
    },
    { auto: true },
  ],
  context: async ({ context, cspViolations }, use) => {
    watchCsp(context, cspViolations);
    await use(context);
  },
  api: async ({ playwright, baseURL }, use) => {
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: bearer() });
    await use(api);
    await api.dispose();
  },
  openAs: async ({ browser, cspViolations }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (address, secret) => {
      const context = await browser.newContext();
      contexts.push(context);
      watchCsp(context, cspViolations);
      const page = await context.newPage();
      await page.goto(secret === undefined ? address : linkTo(address, secret));
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };

function watchCsp(context: BrowserContext, violations: string[]): void {
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
}

/** Makes a role link through the API, as an admin would in the UI. */
export async function createLink(api: APIRequestContext, input: { name: string; role: string; path?: string; source?: string }): Promise<CreatedToken> {
  const response = await api.post('/api/tokens', { data: input });
  expect(response.status()).toBe(201);
  return (await response.json()) as CreatedToken;
}

/** Waits until the page is signed in as `name`. */
export async function expectSignedIn(page: Page, name: string | RegExp): Promise<void> {
  await expect(page.getByTestId('who')).toContainText(name);
}

export const signInScreen = (page: Page) => page.getByText('Open your Warroom link to sign in; ask your incident commander or admin for one.');
