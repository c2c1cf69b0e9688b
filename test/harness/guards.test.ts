/**
 * Guards that keep scenarios from passing by accident. Runs cucumber on
 * throwaway features with the suite's own steps (and no --target, so the
 * BeforeAll hook starts the reference server, as plain `cucumber-js` does).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfiguration, runCucumber, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { ROOT } from '../../scripts/support/processes';

let support: ISupportCodeLibrary | undefined; // step code registers once per process: reuse it

async function runFeature(text: string): Promise<Envelope[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rc-guard-'));
  const file = path.join(dir, 'guard.feature');
  writeFileSync(file, text);
  const environment = { cwd: ROOT, stdout: new Writable({ write: (_c, _e, done) => done() }), env: process.env };
  const { runConfiguration } = await loadConfiguration({ file: 'cucumber.js' }, environment);
  const messages: Envelope[] = [];
  const result = await runCucumber(
    { ...runConfiguration, sources: { ...runConfiguration.sources, paths: [file] }, support: support ?? runConfiguration.support },
    environment,
    (envelope) => messages.push(envelope),
  );
  support = result.support;
  return messages;
}

it('a scenario that calls the server but checks nothing fails, saying so', async () => {
  const messages = await runFeature(`Feature: guard
  Scenario: calls without checking
    When a client calls "GET /headers/"
`);
  const results = messages.filter((m) => m.testStepFinished).map((m) => m.testStepFinished!.testStepResult);
  assert.ok(results.some((r) => r.status === 'PASSED'), 'the When step itself ran');
  const failure = results.find((r) => r.status === 'FAILED');
  assert.match(failure?.message ?? '', /made no check/);
});

it('a scenario that checks something is not caught by the guard', async () => {
  const messages = await runFeature(`Feature: guard
  Scenario: calls and checks
    When a client calls "GET /headers/"
    Then the server answers 200 OK
`);
  const results = messages.filter((m) => m.testStepFinished).map((m) => m.testStepFinished!.testStepResult.status);
  assert.ok(results.length >= 2);
  assert.ok(results.every((status) => status === 'PASSED'), results.join(', '));
});

it('a status whose reason phrase does not match RFC 9110 is a mistake in the spec, not a pass', async () => {
  const messages = await runFeature(`Feature: guard
  Scenario: typo
    When a client calls "GET /headers/"
    Then the server answers 200 Created
`);
  const failure = messages.map((m) => m.testStepFinished?.testStepResult).find((r) => r?.status === 'FAILED');
  assert.match(failure?.message ?? '', /RFC 9110 calls 200 "OK"/);
});
