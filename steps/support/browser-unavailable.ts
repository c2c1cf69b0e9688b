/** Why the run's browser engine cannot judge a scenario now, or null: --no-browser, or a missing engine nobody asked for. */
import { engineAvailable, engineMissing } from './engines';
import type { ConformanceWorld } from './world';

export function browserUnavailable(world: ConformanceWorld): string | null {
  const engine = world.settings.engine ?? 'chromium';
  if (world.settings.browser === 'off') return 'browser scenarios are off (--no-browser)';
  // Asked for (--browser, --browsers): a missing engine fails the scenario instead, when it is launched.
  if (world.settings.browser === 'auto' && !engineAvailable(engine)) return `${engineMissing(engine)}; pass --browser to make this a failure`;
  return null;
}
