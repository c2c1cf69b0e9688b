/**
 * The browser engines that judge the @browser scenarios: Chromium (the
 * default, when installed) and Firefox, which implements CORS independently
 * and so is the real second witness. Both are Debian's, never downloaded.
 * Registers nothing with cucumber, so the runner can import it.
 */
import { existsSync } from 'node:fs';

export const ENGINES = ['chromium', 'firefox'] as const;
export type Engine = (typeof ENGINES)[number];

/** The name a person reads: "Chromium", "Firefox". */
export function engineName(engine: Engine): 'Chromium' | 'Firefox' {
  return engine === 'chromium' ? 'Chromium' : 'Firefox';
}

/**
 * Debian's chromium-headless-shell when installed: the "old headless" build
 * Playwright itself uses for headless runs, which starts in half the time of
 * the full browser (docs/performance.md). Debian's chromium
 * otherwise.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export function enginePath(engine: Engine): string {
  return engine === 'chromium' ? CHROMIUM_PATH : FIREFOX_PATH;
}

export function engineAvailable(engine: Engine): boolean {
  return existsSync(enginePath(engine));
}

/** Why the engine cannot run here, with what to install. */
export function engineMissing(engine: Engine): string {
  return engine === 'chromium'
    ? `no Chromium at ${CHROMIUM_PATH} (install Debian's chromium-headless-shell or chromium, or set CHROMIUM_PATH)`
    : `no Firefox at ${FIREFOX_PATH} (install Debian's firefox-esr, or set FIREFOX_PATH)`;
}
