/**
 * A timeout measured in this process's own time, for the requests the suite
 * sends (http/client.ts, the browser's fetch) and those the observe proxy
 * forwards (http/observe-proxy.ts).
 */

/** A firing later than this means Node's event loop was busy (a schema compiled, a large body parsed), not that the target was slow. */
const LATE_MS = 100;
/** After a late firing, how long the answer that may be waiting on the socket has to be read: it is, on the loop's next turn. */
const GRACE_MS = 1000;

/**
 * Calls `fire` once `ms` have passed with this process free to read the
 * answer: a timer that fires late (the event loop was blocked, by a schema
 * compile of several seconds on a large document) waits again, briefly, so
 * an answer that arrived meanwhile is read instead of being called a timeout.
 * A target that hangs is still timed out: the timer that fires on time fires.
 * Returns the function that stops it.
 */
export function patientTimeout(ms: number, fire: () => void): () => void {
  let handle: NodeJS.Timeout | undefined;
  const arm = (wait: number): void => {
    const due = Date.now() + wait;
    handle = setTimeout(() => {
      if (Date.now() - due > LATE_MS) arm(Math.min(ms, GRACE_MS));
      else fire();
    }, wait);
  };
  arm(ms);
  return () => clearTimeout(handle);
}

