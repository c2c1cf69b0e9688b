/**
 * The command observe runs while its proxy is up (`-- npx playwright test`):
 * spawned without a shell, its output on the terminal as it comes, the
 * proxy's address in OBSERVE_URL. A signal observe gets (SIGINT, SIGTERM)
 * is passed on, so the command ends first and its traffic is judged.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface CommandOutcome {
  readonly argv: readonly string[];
  /** Its exit status, or null when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why it could not be started at all (not found, not executable); then it never ran. */
  readonly notStarted?: string;
}

/** The command's own failure as an exit status: its code, or 128 + the signal's number, as a shell reports it. */
export function failureStatus(outcome: CommandOutcome): number | null {
  if (outcome.notStarted !== undefined) return null;
  if (outcome.signal !== null) return 128 + (constants.signals[outcome.signal] ?? 0);
  return outcome.exitCode === 0 ? null : outcome.exitCode;
}

export function runCommand(argv: readonly string[], env: NodeJS.ProcessEnv, signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env });
    const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = signals.map((signal) => [signal, pass(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = (outcome: CommandOutcome) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(outcome);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' ? `${argv[0]}: command not found` : error.code === 'EACCES' ? `${argv[0]}: not executable` : `${argv[0]}: ${error.message}`;
      done({ argv, exitCode: null, signal: null, notStarted: why });
    });
    child.once('exit', (exitCode, signal) => done({ argv, exitCode, signal }));
  });
}
