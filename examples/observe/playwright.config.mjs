// The observe example's Playwright configuration: the frontend's own test, as
// a frontend team writes it. It drives Debian's Chromium (never a downloaded
// browser) and reads where things are from the environment:
//
//   OBSERVE_URL    observe's address, which `response-conformance observe -- COMMAND` gives its command: the API then
//   API_URL        the API the page talks to otherwise (the shop, say); default http://127.0.0.1:8000
//   PAGE_URL       the page's origin when it is served already (a harness starts serve.mjs on port 0);
//                  unset, serve.mjs is started here, on PAGE_PORT (default 5173)
//   CHROMIUM_PATH  the browser; default Debian's chromium-headless-shell, else /usr/bin/chromium
//   EXPECT_OUTCOMES  optional, e.g. "items=ok,signin=ok,me=error,signout=ok": what each step must end in
//                    (unset: each step must end, with its result or its error shown)
//
//   npx playwright test -c examples/observe/playwright.config.mjs
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const HERE = dirname(fileURLToPath(import.meta.url));
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const PAGE_PORT = process.env.PAGE_PORT || '5173';
const PAGE_URL = process.env.PAGE_URL || `http://127.0.0.1:${PAGE_PORT}`;

export default defineConfig({
  testDir: HERE,
  testMatch: 'shop.spec.ts',
  outputDir: join(HERE, 'test-results'),
  // One browser, one flow: the exchanges reach the API in the page's order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    baseURL: PAGE_URL,
    trace: 'off',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium') },
  },
  webServer: process.env.PAGE_URL
    ? undefined
    : {
        command: `node serve.mjs --port ${PAGE_PORT}`,
        cwd: HERE,
        url: `${PAGE_URL}/`,
        reuseExistingServer: false,
        timeout: 10_000,
        gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
      },
});
