/**
 * End-to-end tests against the production build, served by the same
 * `npm start` path users run, on the demo library with a fresh database.
 * Chromium is Debian's (scripts/ensure-chromium.sh checks for it): Playwright's
 * own browser download needs network access.
 */
import { defineConfig, devices } from '@playwright/test';
import { E2E_DATA, E2E_PORT } from './tests/e2e/e2e-env';

const PORT = E2E_PORT;
const DATA = E2E_DATA;
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: one for the server, one for the browser.
  workers: 1,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: BASE_URL,
    // The API refuses a state-changing request that shows no origin (proxy.ts); the `request`
    // fixture sends none of its own, browsers do. An Origin on every request is harmless.
    extraHTTPHeaders: { Origin: BASE_URL },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // A fresh database (and thumbnail cache) each run; the demo library and the build are reused when current.
    command: `rm -rf ${DATA} && npx tsx scripts/start.ts`,
    url: `${BASE_URL}/api/films`,
    env: {
      // Empty means unset: always the demo library, whatever the caller's environment says.
      STILLROOM_LIBRARY: '',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      STILLROOM_DB: `${DATA}/e2e.db`,
      STILLROOM_CACHE: `${DATA}/cache`,
      STILLROOM_EXPORT_ROOT: `${DATA}/exports`,
    },
    reuseExistingServer: false,
    // A first run builds the app before serving.
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
