/**
 * The browsers of a run, started as the run begins so that their launch
 * overlaps the server's start, the probe and the plain scenarios; the
 * @browser steps await the same launch. The pages for both origins open
 * with them: none of this waits on the target.
 */
import { engineAvailable, type Engine } from '../../browser/engines';
import { browserScripts, closeBrowser } from '../../browser/pool';

export function startBrowsers(engines: readonly Engine[], origins: readonly string[]): void {
  for (const engine of engines) {
    // A launch that fails fails the scenarios that await it, with the reason; nothing to report here.
    if (engineAvailable(engine)) browserScripts(engine).then((b) => b.prepare([...origins])).catch(() => undefined);
  }
}

/** Closes every engine's browser, once the last run that shares them is done. */
export function closeBrowsers(): Promise<void> {
  return closeBrowser();
}
