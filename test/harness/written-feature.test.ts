/**
 * The feature the audit writes passes against the server it was written
 * from, with the README's command, SHOULD included: here against Fastify
 * with @fastify/cors given one origin, which sends that one static grant to
 * every request and no Vary (Fetch §3.2.3 allows it). The feature states
 * its own origin, so it passes whatever --origin it is run with, and its
 * titles name the origin its sentences use. (The matrix holds every stack of
 * the compatibility table to the same.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULTS } from '../../http/defaults';
import { STACKS, stackMissing } from '../../examples/targets/stacks/registry';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { cli, readSummary, reportDir } from '../support/cli';
import { TEST_API_ORIGIN, startTestApi, type RunningTestApi } from '../fixtures/openapi-api/server';
import { auditedCalls, runAudit } from '../../runner/audit/index';
import { writtenFeature } from '../../runner/audit/feature';
import { parseAuditCommand } from '../../runner/cli/options';
import { runSuite } from '../../runner/run/index';
import { removeHeader, startFaultyServer } from '../../examples/broken/fault-proxy';
import { runOptions } from '../support/options';

const fastify = STACKS.find((stack) => stack.slug === 'fastify')!;
const missing = stackMissing(fastify);

describe('the written feature, against a static grant with no Vary (Fastify, @fastify/cors)', { skip: missing !== null && !process.env.CI && missing }, () => {
  let server: StartedProcess;
  let feature: string;
  let audit: Awaited<ReturnType<typeof cli>>;
  before(async () => {
    server = await startListening(fastify.command, fastify.args);
    feature = path.join(mkdtempSync(path.join(tmpdir(), 'rc-written-')), 'features', 'api', 'audit.feature');
    audit = await cli(['audit', '--target', server.url, '--origin', DEFAULTS.origin, '--write-feature', feature, '--format', 'json']);
  });
  after(() => server.stop());

  it('is a static grant with no Vary, and the audit finds no MUST, nor vary-origin-missing', () => {
    assert.equal(audit.code, 0, audit.stderr);
    const report = JSON.parse(audit.stdout);
    const ids = [...report.findings, ...report.routes.flatMap((r: { findings: unknown[] }) => r.findings)].map((f: { id: string; level: string }) => `${f.level} ${f.id}`);
    assert.deepEqual(ids.filter((id: string) => id.startsWith('MUST') || id.endsWith('vary-origin-missing')), []);
    const items = report.routes.find((r: { operation?: string }) => r.operation === '/inventory/');
    assert.ok(items !== undefined && items.hidden.every((name: string) => name.toLowerCase() !== 'vary') && items.readable.every((name: string) => name.toLowerCase() !== 'vary'), 'the answer has no Vary');
  });

  it('pins Vary by the rule, so the static grant passes, and states its origin in every sentence and title', () => {
    const text = readFileSync(feature, 'utf8');
    assert.match(text, /Then the response varies by Origin/);
    assert.doesNotMatch(text, /"Vary" listing "Origin"|the allowed origin/);
    assert.match(text, new RegExp(`When a script on "${DEFAULTS.origin.replace(/\./g, '\\.')}" calls`));
  });

  it('passes with the README\'s command, under --strict: no scenario failed, SHOULD included', async () => {
    const dir = reportDir();
    const run = await cli(['--target', server.url, '--origin', DEFAULTS.origin, '--features', feature, '--strict', '--report-dir', dir]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const summary = readSummary(dir);
    assert.deepEqual(summary.scenarios.filter((s: { status: string }) => s.status !== 'passed').map((s: { id: string; message: string }) => `${s.id}: ${s.message}`), []);
    assert.ok(summary.counts.passed >= 10, `${summary.counts.passed} scenarios passed`);
  });

  it('passes run with another --origin, or none: the feature states its own', async () => {
    for (const origin of [[], ['--origin', 'https://app.example']]) {
      const dir = reportDir();
      const run = await cli(['--target', server.url, ...origin, '--features', feature, '--strict', '--report-dir', dir]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
    }
  });
});

describe('the written feature pins the preflight of each operation the audit only preflighted', () => {
  let api: RunningTestApi;
  let feature: string;
  before(async () => {
    api = await startTestApi();
    const command = parseAuditCommand(['--target', api.url, '--origin', TEST_API_ORIGIN, '--no-browser']);
    if (command.kind !== 'audit') throw new Error('not an audit');
    const report = await runAudit(command.options);
    feature = path.join(mkdtempSync(path.join(tmpdir(), 'rc-written-preflight-')), 'api.feature');
    writeFileSync(feature, writtenFeature(report, auditedCalls(report), [], new Date()));
  });
  after(() => api.close());

  const preflightScenarios = (text: string) => text.split('\n').filter((line) => /Scenario: The preflight lets/.test(line)).map((line) => line.trim());

  it('writes a scenario per preflighted operation, a JSON body asking for Content-Type', () => {
    const text = readFileSync(feature, 'utf8');
    assert.deepEqual(preflightScenarios(text), [`Scenario: The preflight lets a script on ${TEST_API_ORIGIN} send POST /api/items`, `Scenario: The preflight lets a script on ${TEST_API_ORIGIN} send DELETE /api/items/1`]);
    assert.ok(text.includes(`When a script on "${TEST_API_ORIGIN}" asks to call "POST /api/items" with the headers "Content-Type"\n      Then the preflight lets it through`), text);
    assert.ok(text.includes(`When a script on "${TEST_API_ORIGIN}" asks to call "DELETE /api/items/1"\n      Then the preflight lets it through`), text);
    assert.match(text, /Rule: DELETE \/api\/items\/\{item_id\} \(only preflighted, as \/api\/items\/1\)/);
  });

  it('passes against the same server, and sends no unsafe request', async () => {
    const before = api.seen.length;
    const { summary } = await runSuite(runOptions({ target: api.url, origin: TEST_API_ORIGIN, features: [feature], strict: true }));
    assert.deepEqual(summary.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.name}: ${s.message}`), []);
    assert.deepEqual(api.seen.slice(before).filter((line) => !/^(GET|HEAD|OPTIONS) /.test(line)), []);
  });

  it('fails, naming those scenarios, against a server whose preflight refuses the origin', async () => {
    const refusing = await startFaultyServer((request, response) => request.method === 'OPTIONS' && removeHeader(response, 'Access-Control-Allow-Origin'), { upstream: api.url });
    try {
      const { summary } = await runSuite(runOptions({ target: refusing.url, origin: TEST_API_ORIGIN, features: [feature], strict: true }));
      assert.deepEqual(summary.scenarios.filter((s) => s.status === 'failed').map((s) => s.name), [`The preflight lets a script on ${TEST_API_ORIGIN} send POST /api/items`, `The preflight lets a script on ${TEST_API_ORIGIN} send DELETE /api/items/1`]);
    } finally {
      await refusing.close();
    }
  });
});
