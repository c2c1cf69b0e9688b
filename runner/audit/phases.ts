/**
 * The audit's phases: the plan's calls first; then the operations still
 * lacking a value are planned again with what the answers supplied
 * (values.ts), and called; until nothing new can be. The report's order is
 * the document's: a --route in its operation's place, the routes that call
 * none last.
 */
import type { Operation } from '../../openapi/operations';
import type { Gathered } from './gathered';
import type { Plan, PlannedCall, SkippedOperation } from './plan';
import type { Progress } from './gather';

export interface Phases {
  /** Plans an operation again, with the values found since. */
  readonly replan: (operation: Operation) => PlannedCall | SkippedOperation;
  /** The document's operations, in its order. */
  readonly operations: readonly Operation[];
}

/** Every call gathered, phase after phase, in the report's order, and the plan as it ended (what was called, what was not). */
export async function gatherInPhases(plan: Plan, gatherAll: (calls: readonly PlannedCall[]) => Promise<Gathered[]>, progress: Progress, phases: Phases | undefined): Promise<{ gathered: Gathered[]; plan: Plan }> {
  const gathered = await gatherAll(plan.calls);
  if (phases === undefined) return { gathered, plan };
  let skipped = [...plan.skipped];
  for (;;) {
    const again = skipped.map((s) => (s.missing === undefined ? s : phases.replan(s.operation)));
    const calls = again.filter((p): p is PlannedCall => !('reason' in p));
    skipped = again.filter((p): p is SkippedOperation => 'reason' in p);
    if (calls.length === 0) break;
    progress.total += calls.length;
    gathered.push(...(await gatherAll(calls)));
  }
  const order = new Map(phases.operations.map((o, i) => [o, i]));
  const at = (g: Gathered) => (g.call.operation === undefined ? Infinity : order.get(g.call.operation) ?? Infinity);
  const sorted = gathered.map((g, i) => [g, i] as const).sort(([a, i], [b, j]) => at(a) - at(b) || i - j).map(([g]) => g);
  return { gathered: sorted, plan: { calls: sorted.map((g) => g.call), skipped } };
}
