/** Run options as the configuration loads them with nothing given (the command line's with no flags), with the test's changes on top. */
import { loadRunConfiguration, type RunOptions } from '../../runner/configuration';

export function runOptions(changes: Partial<RunOptions> = {}): RunOptions {
  return { ...loadRunConfiguration({}), ...changes };
}
