/**
 * Debian's Firefox ESR through puppeteer-core over WebDriver BiDi (no
 * geckodriver, no downloaded browser). Playwright cannot drive it: its
 * Firefox support needs Playwright's own patched build.
 */
import type { Browser, HTTPRequest } from 'puppeteer-core';
import { existsSync } from 'node:fs';
import { engineMissing, enginePath } from './engines';
import type { EnginePages, ScriptPage } from './browser-scripts';
import { COOKIE_TEST_HOST } from './cookie-witness';

/** Firefox at `executable` (by default where the environment or Debian has it). */
export async function launchFirefox(executable: string = enginePath('firefox')): Promise<Browser> {
  if (!existsSync(executable)) throw new Error(engineMissing('firefox', { firefox: executable }));
  // Loaded only when Firefox is asked for.
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: executable,
    headless: true,
    protocol: 'webDriverBiDi',
    // As for Chromium: Local Network Access would stop a public origin's page from fetching a loopback target.
    // network.dns.localDomains: the cookie scenarios' named host resolves to 127.0.0.1 (browser/cookie-witness.ts).
    extraPrefsFirefox: { 'network.lna.enabled': false, 'network.lna.blocking': false, 'network.dns.localDomains': COOKIE_TEST_HOST },
  });
}

export async function firefoxPages(executable: string): Promise<EnginePages> {
  const browser = await launchFirefox(executable);
  return {
    name: 'Firefox',
    openPage: (origin, html) => openPage(browser, origin, html),
    close: () => browser.close(),
    // Firefox gives no reasons: only what it keeps (WebDriver BiDi storage.getCookies).
    cookies: async () => (await browser.cookies()).map(({ name, domain, path }) => ({ name, domain, path })),
    clearCookies: async () => {
      const kept = await browser.cookies();
      if (kept.length > 0) await browser.deleteCookie(...kept);
    },
  };
}

/**
 * Intercepts requests only while the origin's page loads: while
 * interception is on, a handler that answers requests would answer
 * Firefox's CORS preflights too, and they would never reach the target.
 * The handler is removed before interception is turned off, because
 * puppeteer keeps firing request events afterwards and continue() then throws.
 */
async function openPage(browser: Browser, origin: string, html: string): Promise<ScriptPage> {
  const page = await browser.newPage();
  const servePage = (request: HTTPRequest) => {
    const answer = request.url().startsWith(`${origin}/`) ? request.respond({ status: 200, contentType: 'text/html', body: html }) : request.continue();
    answer.catch(() => undefined); // a request the page no longer waits for
  };
  await page.setRequestInterception(true);
  page.on('request', servePage);
  try {
    await page.goto(`${origin}/`);
  } finally {
    page.off('request', servePage);
    await page.setRequestInterception(false);
  }
  // puppeteer's evaluate() is typed for its element handles; the arguments here are plain data.
  return { evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<never> };
}
