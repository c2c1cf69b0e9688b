/**
 * A few operations in flight at once, the report in the document's order:
 * enough to hide a remote API's latency, few enough not to load it (a
 * frontend's page makes a handful of calls at a time, too).
 */

/** How many operations the audit calls at once. */
export const AUDIT_CONCURRENCY = 4;

/**
 * How many fetch()es each browser runs at once: more than the model's
 * requests, since a browser's fetch costs it several times a plain request
 * (its page, its network service), and under Chromium's six connections per
 * host, so none waits for a socket. Measured on the 2-core machine,
 * 2026-12-01: 200 fetches took 2.6 s four at a time and 1.9 s sixteen at a
 * time under load; the whole audit of 200 operations, idle, 3.76 s at six,
 * 3.66 s at twelve and 3.65 s at twenty-four (Chromium's own cost per fetch
 * is what is left).
 */
export const BROWSER_CONCURRENCY = 6;

/**
 * A gate that lets at most `limit` tasks run at once, in the order they
 * asked: for work started as it becomes possible (a browser's fetch of an
 * operation the model has judged) rather than in a batch.
 */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

/**
 * `task` on every item, at most `limit` at a time; the results in the items'
 * order. After the first rejection no new task starts, and once the running
 * ones have settled it rejects with that first error.
 */
export async function mapInOrder<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
