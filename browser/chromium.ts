/**
 * Debian's Chromium through playwright-core, never a downloaded browser.
 * The flags keep it from reaching for the network on its own (this machine
 * has none) and let it run as root in a container.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { engineAvailable, engineMissing, enginePath } from './engines';
import type { BlockedCookie, EnginePages, ScriptPage } from './browser-scripts';
import { COOKIE_TEST_HOST } from './cookie-witness';

export const CHROMIUM_FLAGS = [
  '--no-sandbox', // root in a container has no user namespace for the sandbox
  '--disable-gpu',
  '--disable-background-networking', // no update checks, safe-browsing lists or metrics calls
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Local Network Access (formerly Private Network Access): a page on a public
  // origin such as https://frontend.example may not fetch a loopback server
  // without a permission prompt, which headless Chromium denies, so every
  // fetch() to a target on 127.0.0.1 fails. The suite tests CORS, not that
  // permission, so these checks are off. Older Chromiums use the PNA names.
  '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests',
  // The cookie scenarios' named host (browser/cookie-witness.ts): not loopback, so not trustworthy.
  `--host-resolver-rules=MAP ${COOKIE_TEST_HOST} 127.0.0.1`,
];

export function chromiumAvailable(): boolean {
  return engineAvailable('chromium');
}

/** Chromium at `executable` (by default where the environment or Debian has it). */
export async function launchChromium(executable: string = enginePath('chromium')): Promise<Browser> {
  if (!existsSync(executable)) throw new Error(engineMissing('chromium', { chromium: executable }));
  // Loaded only when a browser is wanted: a run without one does not pay for playwright-core.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: executable, headless: true, args: CHROMIUM_FLAGS });
}

/** Pages in the Chromium at `executable`, one browser context for it. */
export async function chromiumPages(executable: string): Promise<EnginePages> {
  const browser = await launchChromium(executable);
  const context = await browser.newContext();
  return {
    name: 'Chromium',
    openPage: (origin, html) => openPage(context, origin, html),
    close: () => browser.close(),
    cookies: async () => (await context.cookies()).map(({ name, domain, path }) => ({ name, domain, path })),
    clearCookies: () => context.clearCookies(),
  };
}

/**
 * Intercepts requests only while the origin's page loads. While any route
 * is active, Playwright answers Chromium's CORS preflights itself
 * (microsoft/playwright#20684, #27339), so they would never reach the
 * target: after the page has loaded, every fetch() must go through
 * Chromium's own CORS, real preflights included.
 */
async function openPage(context: BrowserContext, origin: string, html: string): Promise<ScriptPage> {
  const pattern = `${origin}/**`;
  const servePage = (route: Route) => route.fulfill({ status: 200, contentType: 'text/html', body: html });
  await context.route(pattern, servePage);
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    const blocked = await watchBlockedCookies(context, page);
    // playwright's evaluate() is typed for its handles; the arguments here are plain data.
    return { evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<never>, takeBlockedCookies: () => blocked.splice(0) };
  } finally {
    await context.unroute(pattern, servePage);
  }
}

interface ExtraInfo {
  readonly blockedCookies: readonly { readonly blockedReasons: readonly string[]; readonly cookieLine: string; readonly cookie?: { readonly name: string } }[];
}

/**
 * The cookies Chromium blocks on the page's responses, with its reasons
 * (DevTools Network.responseReceivedExtraInfo, blockedCookies). Network.enable
 * only reports: it intercepts nothing, so preflights still reach the target.
 */
async function watchBlockedCookies(context: BrowserContext, page: Page): Promise<BlockedCookie[]> {
  const blocked: BlockedCookie[] = [];
  const cdp = await context.newCDPSession(page);
  cdp.on('Network.responseReceivedExtraInfo', (event: ExtraInfo) => {
    for (const entry of event.blockedCookies) blocked.push({ name: entry.cookie?.name ?? entry.cookieLine.split('=')[0].trim(), reasons: entry.blockedReasons });
  });
  await cdp.send('Network.enable');
  return blocked;
}
