/** Tasks: 200 for an existing one, 201 for one the request creates. */
import { randomUUID } from 'node:crypto';
import { Given, When } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';

function taskPath(world: ConformanceWorld): string {
  if (world.taskId === undefined) throw new Error('no task id: a Given step must choose one first');
  return `/get-or-create-task/${world.taskId}`;
}

Given('a task id that was never used', function (this: ConformanceWorld) {
  // Unique per run, so the suite can run again and again against a server that keeps its tasks.
  this.taskId = `conformance-${randomUUID()}`;
});

Given('that task was created', async function (this: ConformanceWorld) {
  // Set-up, not a check: any success will do, so a wrong creation status fails only the scenario about it.
  const created = await this.send({ method: 'PUT', path: taskPath(this) });
  if (created.status < 200 || created.status > 299) throw new Error(`set-up failed: creating the task answered ${created.status}`);
});

When('a client puts that task', async function (this: ConformanceWorld) {
  this.response = await this.send({ method: 'PUT', path: taskPath(this) });
});
