/**
 * Debian's Chromium through playwright-core, never a downloaded browser.
 * The flags keep it from reaching for the network on its own (this machine
 * has none) and let it run as root in a container.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/**
 * Debian's chromium-headless-shell when installed: the "old headless" build
 * Playwright itself uses for headless runs, which starts in half the time of
 * the full browser and opens its first page in half the time (the README's
 * Performance section). Debian's chromium otherwise.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

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
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable()) throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium-headless-shell or chromium package (or set CHROMIUM_PATH)`);
  // Loaded only when a browser is wanted: a run without one does not pay for playwright-core.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}
