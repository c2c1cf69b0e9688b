/**
 * The browser a process shares between runs: launched on first use. A CLI
 * run closes it when the run ends; a process that runs the suite many times
 * (the matrix, the tests) keeps it and closes it itself. Registers nothing
 * with cucumber, so the runner can import it.
 */
import { BrowserScripts } from './browser';

let shared: Promise<BrowserScripts> | undefined;

export function browserScripts(): Promise<BrowserScripts> {
  shared ??= BrowserScripts.launch();
  return shared;
}

export async function closeBrowser(): Promise<void> {
  const running = shared;
  shared = undefined;
  // A launch that failed has already failed the scenarios that needed it; there is nothing to close.
  const browser = await running?.catch(() => undefined);
  await browser?.close();
}
