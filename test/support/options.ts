/** Run options as the CLI would build them with no flags, with the test's changes on top. */
import { parseCommand, type RunOptions } from '../../runner/cli/options';

export function runOptions(changes: Partial<RunOptions> = {}): RunOptions {
  const command = parseCommand([]);
  if (command.kind !== 'run') throw new Error('no flags should mean a run');
  return { ...command.options, ...changes };
}
