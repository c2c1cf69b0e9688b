/** Why the run's browser engine cannot judge a scenario now, or null: --no-browser, or a missing engine nobody asked for. */
import { engineAvailable, engineMissing } from './engines';
import type { ConformanceParameters } from './parameters';

export function browserUnavailable(settings: Pick<ConformanceParameters, 'engine' | 'browser' | 'enginePaths'>): string | null {
  const engine = settings.engine ?? 'chromium';
  if (settings.browser === 'off') return 'browser scenarios are off (--no-browser)';
  // Asked for (--browser, --browsers): a missing engine fails the scenario instead, when it is launched.
  if (settings.browser === 'auto' && !engineAvailable(engine, settings.enginePaths)) return `${engineMissing(engine, settings.enginePaths)}; pass --browser to make this a failure`;
  return null;
}
