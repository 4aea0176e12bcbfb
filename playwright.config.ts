import { defineConfig } from '@playwright/test';
import { ADMIN_SECRET } from './test/e2e/auth';

const port = Number(process.env.E2E_PORT ?? 3199);

/** Debian's Chromium (or CHROMIUM_PATH): nothing is downloaded at install time. */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunch,
    trace: 'retain-on-failure',
  },
  webServer: {
    // The real build and the real entry point, on a temp data dir with a fast replay.
    command: 'npm run build && tsx test/e2e/serve.ts',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    // The specs sign in with this admin secret, by link (a browser) or as a bearer token (the test process).
    env: { PORT: String(port), WARROOM_CONFIG: 'test/e2e/warroom.e2e.yaml', WARROOM_ADMIN_TOKEN: ADMIN_SECRET, LOG_LEVEL: 'warn' },
  },
});
