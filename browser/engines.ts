/**
 * The browser engines that judge the @browser scenarios: Chromium (the
 * default, when installed) and Firefox, which implements CORS independently
 * and so is the real second witness. Both are Debian's, never downloaded.
 * Knows nothing of cucumber: the runner and the audit use it as the steps do.
 *
 * Where each engine is looked for, first that applies: the path given for
 * the run (--chromium-path, --firefox-path; the run's paths travel with it,
 * in its world parameters or the audit's options), the environment
 * (CHROMIUM_PATH, FIREFOX_PATH), Debian's package. It is read when asked,
 * never fixed when this module loads, and nothing here remembers a run's paths.
 */
import { existsSync } from 'node:fs';

export const ENGINES = ['chromium', 'firefox'] as const;
export type Engine = (typeof ENGINES)[number];

/** The name a person reads: "Chromium", "Firefox". */
export function engineName(engine: Engine): 'Chromium' | 'Firefox' {
  return engine === 'chromium' ? 'Chromium' : 'Firefox';
}

/** The paths given for a run, by flag or by the API; an engine left out is looked for in the environment, then in Debian's place. */
export type EnginePaths = Partial<Record<Engine, string>>;

/** The paths a run's or an audit's options give (--chromium-path, --firefox-path), those given only. */
export function enginePathsOf(options: { readonly chromiumPath?: string; readonly firefoxPath?: string }): EnginePaths {
  return { ...(options.chromiumPath === undefined ? {} : { chromium: options.chromiumPath }), ...(options.firefoxPath === undefined ? {} : { firefox: options.firefoxPath }) };
}

/** The environment variable naming each engine's executable. */
export const ENGINE_VARIABLES: Readonly<Record<Engine, string>> = { chromium: 'CHROMIUM_PATH', firefox: 'FIREFOX_PATH' };

/**
 * Debian's chromium-headless-shell when installed: the "old headless" build
 * Playwright itself uses for headless runs, which starts in half the time of
 * the full browser (docs/performance.md). Debian's chromium
 * otherwise.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

function debianPath(engine: Engine): string {
  if (engine === 'firefox') return '/usr/bin/firefox-esr';
  return existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium';
}

/** Where the engine is looked for: the run's path, else its environment variable (when not empty), else Debian's. */
export function enginePath(engine: Engine, given: EnginePaths = {}, env: NodeJS.ProcessEnv = process.env): string {
  return given[engine] ?? (env[ENGINE_VARIABLES[engine]] || debianPath(engine));
}

export function engineAvailable(engine: Engine, given: EnginePaths = {}): boolean {
  return existsSync(enginePath(engine, given));
}

/** Why the engine cannot run here, with what to install or point at (the command line's flag, or the variable). */
export function engineMissing(engine: Engine, given: EnginePaths = {}): string {
  return engine === 'chromium'
    ? `no Chromium at ${enginePath(engine, given)} (install Debian's chromium-headless-shell or chromium, or pass --chromium-path or set CHROMIUM_PATH)`
    : `no Firefox at ${enginePath(engine, given)} (install Debian's firefox-esr, or pass --firefox-path or set FIREFOX_PATH)`;
}

/** The package each engine is driven through, and what to install when it is missing: puppeteer-core is an optional peer dependency. */
const DRIVERS: Readonly<Record<Engine, { readonly module: string; readonly install: string }>> = {
  chromium: { module: 'playwright-core', install: 'playwright-core@1' },
  firefox: { module: 'puppeteer-core', install: 'puppeteer-core@24' },
};

/** An engine was asked for whose driver package is not installed: the run cannot judge (exit 2), and the message says what to install. */
export class EngineDriverMissing extends Error {
  override name = 'EngineDriverMissing';
  readonly code = 'ENGINE_DRIVER_MISSING';
}

/** Why the engine's driver package cannot be loaded, with the command that installs it; null when it can. `resolve` is require.resolve, or a test's. */
export function engineDriverMissing(engine: Engine, resolve: (id: string) => string = require.resolve): string | null {
  const { module, install } = DRIVERS[engine];
  try {
    resolve(module);
    return null;
  } catch {
    return `${engineName(engine)} is driven through ${module}, which is not installed: npm install ${install}`;
  }
}

/** Throws EngineDriverMissing for the first engine of `engines` whose driver cannot be loaded: before a run or an audit starts, never as a stack mid-run. */
export function requireEngineDrivers(engines: readonly Engine[], resolve?: (id: string) => string): void {
  for (const engine of engines) {
    const missing = engineDriverMissing(engine, resolve);
    if (missing !== null) throw new EngineDriverMissing(missing);
  }
}
