import { defineConfig } from '@playwright/test';

// Driven by e2e/run.mjs, which starts bin/run on free ports and passes CONSOLE_URL. Debian's Chromium
// (apt-get install chromium); Playwright downloads no browser.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  timeout: 240_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.CONSOLE_URL ?? 'http://localhost:7080',
    launchOptions: { executablePath: process.env.CHROMIUM_BINARY ?? '/usr/bin/chromium', args: ['--no-sandbox'] },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
  },
});
