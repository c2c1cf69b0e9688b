/**
 * What belongs to one run and to no other: its timeout breaker, and what it
 * reads once and keeps (the steps keep the OpenAPI document against the
 * scope). The runner opens a scope for each run and closes it when the run
 * ends; the run's shards and engines find it by the id in their world
 * parameters. Only the id travels: cucumber hands each scenario a
 * structuredClone of the parameters, which would copy a breaker, not share it.
 */
import { randomUUID } from 'node:crypto';
import { TimeoutBreaker } from '../http/client';

export interface RunScope {
  readonly id: string;
  /** Every request of the run asks it, its clients' and its browsers' alike. */
  readonly breaker: TimeoutBreaker;
  /** Secrets met during the run (a token remembered, a value read from the environment): masked in every report like the flags' (http/secrets.ts). */
  readonly secrets: Set<string>;
}

const open = new Map<string, RunScope>();

/** A run's scope, open until the run closes it. */
export function openRunScope(): RunScope & { close(): void } {
  const scope: RunScope = { id: randomUUID(), breaker: new TimeoutBreaker(), secrets: new Set() };
  open.set(scope.id, scope);
  return { ...scope, close: () => void open.delete(scope.id) };
}

/** The one run of a process that cucumber-js started by itself (npx cucumber-js), with no runner to open a scope. */
let alone: RunScope | undefined;

/**
 * The scope of the run these parameters belong to. Without an id, the run
 * cucumber-js started by itself. An id whose run is over (a scenario still
 * ending after an interrupted run was reported) gets a scope of its own,
 * so it never reaches another run's.
 */
export function runScopeOf(parameters: { readonly run?: string }): RunScope {
  if (parameters.run === undefined) return (alone ??= { id: 'cucumber-js', breaker: new TimeoutBreaker(), secrets: new Set() });
  return open.get(parameters.run) ?? { id: parameters.run, breaker: new TimeoutBreaker(), secrets: new Set() };
}
