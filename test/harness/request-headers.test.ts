/**
 * `Given every request carries the header …` reaches every request a
 * sentence sends: a plain client's, a set-up's, the contract's own
 * sentences', and a script's, in the Fetch model and in the browser, on one
 * route or on every route of the contract. A tiny server records what it
 * received. Each sentence runs in its own scenario with a header of its own
 * name (X-Probe-<n>), so every request is traced to the sentence that sent
 * it, preflights too: a preflight carries no author header, it names it in
 * Access-Control-Request-Headers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadVocabulary, runSuite } from '../../runner/run/index';
import { allSentences, type Sentence } from '../../steps/vocabulary';
import { runOptions } from '../support/options';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/** Answers every request 200 `{}`, and grants every origin and every preflight, so that every sentence gets as far as it can. */
function startRecorder(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    const origin = request.headers.origin;
    const cors: Record<string, string> = origin === undefined ? {} : { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
    request.resume();
    request.on('end', () => {
      const method = request.headers['access-control-request-method'];
      if (request.method === 'OPTIONS' && method !== undefined) {
        response.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': method, 'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? '' });
        response.end();
        return;
      }
      response.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      response.end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server })));
}

/** Sentences that send nothing: the header's own, choosing a task id, the credentials mode, and naming a value (from the environment, or from an answer already received). */
const SENDS_NOTHING = [
  'every request carries the header {header} with the value {string}',
  'a task id that was never used',
  "the frontend's scripts fetch without credentials",
  "the frontend's scripts fetch with credentials",
  'the value {name} comes from the environment variable {string}',
  'the client remembers the field {string} of the answer as {name}',
  'the client remembers the cookie {string} of the answer as {name}',
];
const probe = (n: number) => `x-probe-${n}`;

/** The sentence's example, as a feature writes it, with its doc string or data table; a `{{name}}` in it written out (nothing here defines one). */
function exampleSteps(sentence: Sentence): string {
  const doc = sentence.docString === undefined ? '' : `\n      """\n      ${sentence.docString}\n      """`;
  const table = (sentence.dataTable ?? []).map((row) => `\n      | ${row.join(' | ')} |`).join('');
  return `    ${sentence.example}${doc}${table}`.replace(/\{\{(\w+)\}\}/g, 'value-of-$1');
}

/** Which sentence sent a request: the probe header it carries, or the one its preflight names. */
function senderOf(request: Received): { n: number; preflight: boolean } | undefined {
  const carried = Object.keys(request.headers).find((name) => /^x-probe-\d+$/.test(name));
  if (carried !== undefined) return { n: Number(carried.slice('x-probe-'.length)), preflight: false };
  const named = String(request.headers['access-control-request-headers'] ?? '').match(/x-probe-(\d+)/);
  if (request.method === 'OPTIONS' && named !== null) return { n: Number(named[1]), preflight: true };
  return undefined;
}

describe('a header given by "Given every request carries the header …" reaches every request a sentence sends', () => {
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let sending: Sentence[];
  let scenarios: readonly { id: string; status: string; message: string | null }[];

  before(async () => {
    recorder = await startRecorder();
    await loadVocabulary();
    sending = allSentences().filter((s) => s.keyword !== 'Then' && !SENDS_NOTHING.includes(s.pattern));
    const feature = [
      'Feature: Every request carries the scenario\'s header',
      ...sending.map((sentence, n) =>
        [
          '',
          `  @MUST @id:reach-${n}`,
          `  Scenario: ${n}: ${sentence.pattern}`,
          `    Given every request carries the header "X-Probe-${n}" with the value "sentence ${n}"`,
          '    Given a task id that was never used',
          exampleSteps(sentence),
        ].join('\n'),
      ),
      '',
    ].join('\n');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rc-reach-')), 'reach.feature');
    writeFileSync(file, feature);
    const { summary } = await runSuite(runOptions({ target: recorder.url, features: [file] }));
    scenarios = summary.scenarios;
  });
  after(() => recorder.server.close());

  it('covers the contract\'s own sentences, the script sentences and the browser ones', () => {
    const patterns = sending.map((s) => s.pattern);
    for (const pattern of [
      'a client calls {endpoint}',
      'a client signs up a user',
      'a client puts that task',
      'that task was created',
      'a script on {scriptOrigin} calls {endpoint}',
      'a script on {scriptOrigin} asks to call {endpoint}',
      'a script on {scriptOrigin} calls every route of the contract',
      'a script in the browser on {scriptOrigin} calls {endpoint}',
      'a script in the browser on {scriptOrigin} calls every route of the contract',
    ]) {
      assert.ok(patterns.includes(pattern), pattern);
    }
  });

  it('every sentence ran its requests (the scenarios fail only for checking nothing)', () => {
    assert.deepEqual(scenarios.filter((s) => !/made no check/.test(s.message ?? '')).map((s) => `${s.id}: ${s.status} ${s.message}`), []);
  });

  it('every request the server received carries the header of the sentence that sent it, or (a preflight) names it', () => {
    // The run's readiness probe, GET /, is sent before any scenario.
    const untraced = recorder.received.filter((r) => !(r.method === 'GET' && r.path === '/') && senderOf(r) === undefined);
    assert.deepEqual(untraced.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.headers)}`), []);
    for (const request of recorder.received) {
      const sender = senderOf(request);
      if (sender !== undefined && !sender.preflight) assert.equal(request.headers[probe(sender.n)], `sentence ${sender.n}`, `${request.method} ${request.path}`);
    }
  });

  it('every sentence that sends a request sent at least one carrying its header', () => {
    const reached = new Set(recorder.received.map(senderOf).filter((s) => s !== undefined && !s.preflight).map((s) => s!.n));
    const preflightOnly = new Set(recorder.received.map(senderOf).filter((s) => s?.preflight).map((s) => s!.n));
    const missing = sending.flatMap((sentence, n) => {
      // "asks to call" sends only the preflight, which names the header.
      if (/asks to call/.test(sentence.pattern)) return preflightOnly.has(n) ? [] : [`${sentence.pattern}: no preflight naming ${probe(n)}`];
      return reached.has(n) ? [] : [`${sentence.pattern}: no request carried ${probe(n)}`];
    });
    assert.deepEqual(missing, []);
  });

  it('a script sentence\'s preflight names the header and never carries it, as a browser\'s does', () => {
    const preflights = recorder.received.filter((r) => r.method === 'OPTIONS');
    assert.ok(preflights.length > 0);
    assert.deepEqual(preflights.filter((r) => Object.keys(r.headers).some((name) => name.startsWith('x-probe-'))).map((r) => r.path), []);
  });
});
