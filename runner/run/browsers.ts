/**
 * The browsers of a run, started as the run begins so that their launch
 * overlaps the server's start, the probe and the plain scenarios; the
 * @browser steps await the same launch. The pages for both origins open
 * with them: none of this waits on the target.
 */
import { engineAvailable, type Engine, type EnginePaths } from '../../browser/engines';
import { browserScripts, holdBrowsers, type BrowserHold } from '../../browser/pool';

/**
 * The run's hold on its browsers (at its paths), and their launch begun:
 * no other run closes them while this one runs, and the run lets go of them
 * when it ends (browser/pool.ts).
 */
export function startBrowsers(engines: readonly Engine[], origins: readonly string[], paths: EnginePaths): BrowserHold {
  const hold = holdBrowsers(engines, paths);
  for (const engine of engines) {
    // A launch that fails fails the scenarios that await it, with the reason; nothing to report here.
    if (engineAvailable(engine, paths)) browserScripts(engine, paths).then((b) => b.prepare([...origins])).catch(() => undefined);
  }
  return hold;
}
