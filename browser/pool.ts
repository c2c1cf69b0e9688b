/**
 * The browsers of a process, one per engine and executable: launched on
 * first use, shared by every run that asks for the same executable, never
 * by a run that asked for another. A run (or an audit) holds the browsers
 * it uses while it runs; when it lets go, each is closed unless another run
 * still holds it, or the run keeps it for the next (the matrix, the tests:
 * they close it themselves, with closeBrowser).
 */
import { BrowserScripts } from './browser-scripts';
import { enginePath, type Engine, type EnginePaths } from './engines';

/** A browser launched (or launching), by engine and executable. */
const running = new Map<string, { readonly engine: Engine; readonly scripts: Promise<BrowserScripts> }>();
/** How many runs hold each browser, launched or not yet. */
const holders = new Map<string, number>();

const keyOf = (engine: Engine, executable: string) => `${engine} ${executable}`;

async function launch(engine: Engine, executable: string): Promise<BrowserScripts> {
  // Each driver is loaded only when its engine is wanted.
  const pages = engine === 'chromium' ? await (await import('./chromium')).chromiumPages(executable) : await (await import('./firefox')).firefoxPages(executable);
  return new BrowserScripts(pages);
}

/** The engine's browser at the run's path (else the environment's, else Debian's), launched if it is not yet. */
export function browserScripts(engine: Engine = 'chromium', paths: EnginePaths = {}): Promise<BrowserScripts> {
  const executable = enginePath(engine, paths);
  const key = keyOf(engine, executable);
  let browser = running.get(key);
  if (browser === undefined) {
    browser = { engine, scripts: launch(engine, executable) };
    running.set(key, browser);
  }
  return browser.scripts;
}

async function close(keys: readonly string[]): Promise<void> {
  const closing = keys.flatMap((key) => {
    const browser = running.get(key);
    running.delete(key);
    return browser === undefined ? [] : [browser.scripts];
  });
  // A launch that failed has already failed the scenarios that needed it; there is nothing to close.
  await Promise.all(closing.map(async (scripts) => (await scripts.catch(() => undefined))?.close()));
}

export interface BrowserHold {
  /** The run is done with its browsers: each is closed unless another run holds it, or `keep` leaves it open for the next. */
  release(keep?: boolean): Promise<void>;
}

/** A run's hold on the browsers of these engines at its paths, from before they launch until it lets go. */
export function holdBrowsers(engines: readonly Engine[], paths: EnginePaths = {}): BrowserHold {
  const keys = [...new Set(engines.map((engine) => keyOf(engine, enginePath(engine, paths))))];
  for (const key of keys) holders.set(key, (holders.get(key) ?? 0) + 1);
  let held = true;
  return {
    release: async (keep = false) => {
      if (!held) return;
      held = false;
      const free: string[] = [];
      for (const key of keys) {
        const left = (holders.get(key) ?? 1) - 1;
        if (left > 0) holders.set(key, left);
        else {
          holders.delete(key);
          free.push(key);
        }
      }
      if (!keep) await close(free);
    },
  };
}

/** Closes every browser of the process (or every one of an engine), held or not: for a process that is done with them. */
export async function closeBrowser(engine?: Engine): Promise<void> {
  await close([...running.entries()].filter(([, browser]) => engine === undefined || browser.engine === engine).map(([key]) => key));
}
