/** Whether the target is there before the run starts, and waiting that a signal can cut short. */
import { TargetClient, TargetError } from '../../http/client';
import type { ConformanceParameters } from '../../browser/parameters';

/**
 * Any HTTP answer at the target's base path means it is there. Until
 * `waitMs` has passed, an unreachable or silent target is asked again.
 * Returns why it could not be reached, or null.
 */
export async function waitForTarget(parameters: ConformanceParameters, waitMs: number): Promise<string | null> {
  const deadline = Date.now() + waitMs;
  const client = new TargetClient({ target: parameters.target!, timeoutMs: parameters.timeoutMs, extraHeaders: parameters.headers, insecure: parameters.insecure });
  for (;;) {
    try {
      await client.send({ method: 'GET', path: '/' });
      return null;
    } catch (error) {
      // Something accepted the connection (if slowly, or not speaking HTTP): let every scenario say what is wrong.
      if (!(error instanceof TargetError) || error.code === 'TARGET_PROTOCOL_ERROR' || error.code === 'TARGET_TIMED_OUT') return null;
      if (error.code === 'TARGET_TLS_ERROR') return error.message;
      if (Date.now() + 250 > deadline) return waitMs > 0 ? `${error.message} (waited ${waitMs / 1000} s)` : error.message;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export type Raced<T> = { aborted: false; value: T } | { aborted: true; reason: string };

/** The work's result, or the abort reason if the signal comes first (the work is left to finish unobserved). */
export async function untilDoneOrAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<Raced<T>> {
  const done = work.then((value): Raced<T> => ({ aborted: false, value }));
  if (signal === undefined) return done;
  const aborted = new Promise<Raced<T>>((resolve) => {
    const fire = () => resolve({ aborted: true, reason: String(signal.reason) });
    if (signal.aborted) fire();
    else signal.addEventListener('abort', fire, { once: true });
  });
  return Promise.race([done, aborted]);
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
