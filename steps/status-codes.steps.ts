/** Tasks: 200 for an existing one, 201 for one the request creates. */
import { randomUUID } from 'node:crypto';
import { sentences } from './support/sentences';
import type { ConformanceWorld } from './support/world';
import { misuse } from './support/misuse';

const sentence = sentences("The contract's own routes");

function taskPath(world: ConformanceWorld): string {
  if (world.taskId === undefined) misuse('no task id: a Given step must choose one first');
  return `/get-or-create-task/${world.taskId}`;
}

sentence(
  'Given',
  'a task id that was never used',
  { summary: 'Chooses a task id unique to this run, for PUT /get-or-create-task/{id}.', example: 'Given a task id that was never used', contract: true },
  function (this: ConformanceWorld) {
    // Unique per run, so the suite can run again and again against a server that keeps its tasks.
    this.taskId = `conformance-${randomUUID()}`;
  },
);

sentence(
  'Given',
  'that task was created',
  { summary: 'Creates the chosen task (any 2xx will do: this is set-up, not a check).', example: 'Given that task was created', contract: true },
  async function (this: ConformanceWorld) {
    // Set-up, not a check: any success will do, so a wrong creation status fails only the scenario about it.
    const created = await this.setUp({ method: 'PUT', path: taskPath(this) });
    if (created.status < 200 || created.status > 299) throw new Error(`set-up failed: creating the task answered ${created.status}`);
  },
);

sentence(
  'When',
  'a client puts that task',
  { summary: 'PUT /get-or-create-task/{id} with the chosen id.', example: 'When a client puts that task', contract: true },
  async function (this: ConformanceWorld) {
    await this.call({ method: 'PUT', path: taskPath(this) });
  },
);
