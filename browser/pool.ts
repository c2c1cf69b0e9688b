/**
 * The browsers a process shares between runs, one per engine: launched on
 * first use. A CLI run closes them when the run ends; a process that runs
 * the suite many times (the matrix, the tests) keeps them and closes them
 * itself.
 */
import { BrowserScripts } from './browser-scripts';
import type { Engine } from './engines';

const shared = new Map<Engine, Promise<BrowserScripts>>();

async function launch(engine: Engine): Promise<BrowserScripts> {
  // Each driver is loaded only when its engine is wanted.
  const pages = engine === 'chromium' ? await (await import('./chromium')).chromiumPages() : await (await import('./firefox')).firefoxPages();
  return new BrowserScripts(pages);
}

export function browserScripts(engine: Engine = 'chromium'): Promise<BrowserScripts> {
  let browser = shared.get(engine);
  if (browser === undefined) {
    browser = launch(engine);
    shared.set(engine, browser);
  }
  return browser;
}

/** Closes every engine's browser (or one engine's). */
export async function closeBrowser(engine?: Engine): Promise<void> {
  const closing = [...shared.entries()].filter(([e]) => engine === undefined || e === engine);
  for (const [e] of closing) shared.delete(e);
  // A launch that failed has already failed the scenarios that needed it; there is nothing to close.
  await Promise.all(closing.map(async ([, running]) => (await running.catch(() => undefined))?.close()));
}
