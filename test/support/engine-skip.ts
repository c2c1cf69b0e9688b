/**
 * Whether a test that needs a browser engine runs: skipped, saying why,
 * where the engine is missing; in CI, or when asked for with RC_BROWSERS
 * (as --browsers does), a failure instead.
 */
import { engineAvailable, engineMissing, type Engine } from '../../browser/engines';

export function skipReason(engine: Engine): string | false {
  if (engineAvailable(engine)) return false;
  const required = process.env.CI || (process.env.RC_BROWSERS ?? '').split(',').includes(engine);
  return required ? false : `${engineMissing(engine)}; in CI, or with RC_BROWSERS=${engine}, this fails instead`;
}
