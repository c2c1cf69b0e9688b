/**
 * How a harness runs the example's frontend and its Playwright test, with
 * no fixed port: serve.mjs on port 0 gives the page's origin; the shop
 * (and observe) must grant that origin; the Playwright test reads the API's
 * address and the page's from its environment (playwright.config.mjs).
 */
import path from 'node:path';
import { expectOutcomes, type FrontendStep, type StepOutcome } from './broken-shops';

/** The repository's root: the commands below run from there. */
const ROOT = path.resolve(__dirname, '..', '..');

/** The page server's command line (node, from the root): it prints "listening on http://127.0.0.1:PORT". */
export const SERVE_ARGS: readonly string[] = ['examples/observe/serve.mjs', '--port', '0'];

/** The Playwright configuration, from the root. */
export const PLAYWRIGHT_CONFIG = 'examples/observe/playwright.config.mjs';

/**
 * The Playwright test's command line, as node's arguments (no npx, no PATH
 * needed): `node <@playwright/test's cli.js> test -c … --output DIR`. Give
 * each run its own output directory (a temporary one): Playwright empties
 * it when it starts.
 */
export function playwrightArgs(outputDir: string): string[] {
  return [require.resolve('@playwright/test/cli', { paths: [ROOT] }), 'test', '-c', PLAYWRIGHT_CONFIG, '--output', outputDir, '--reporter', 'list'];
}

/**
 * The Playwright test's environment: the API to talk to (the shop, or
 * observe in front of it), the page's origin (so the config starts no page
 * server of its own), and what each step must end in.
 */
export function frontendTestEnv(apiUrl: string, pageUrl: string, shop: { readonly pageShows: Readonly<Record<FrontendStep, StepOutcome>> }): Record<string, string> {
  return { API_URL: apiUrl, PAGE_URL: pageUrl, EXPECT_OUTCOMES: expectOutcomes(shop) };
}
