/**
 * A step used where it cannot judge anything: a Then about "the response"
 * when the last When step has none, a script's step before any script ran.
 * The feature is at fault, not the server: the run reports the scenario as
 * an error of the run (exit 2), never as a failure, by this class's name
 * (runner/run/thrown.ts), and shows the message alone, which says what to
 * write instead. The code is stable; the wording may change.
 */
export class StepMisuse extends Error {
  override name = 'StepMisuse';
  readonly code = 'STEP_MISUSE';
}

/** Stops the step: the sentence cannot be used here, for the reason given. */
export function misuse(explanation: string): never {
  throw new StepMisuse(explanation);
}
