/**
 * "The response" is the answer of the last When step, whichever sentence
 * sent it: a plain client's, a script's request, or, after a preflight only
 * ("asks to call"), the preflight's. A Then never reads an earlier answer:
 * where the last When step has no single answer, the response sentences
 * are misused: an error of the run, saying why, never a failure of the server. Run against the bundled reference server, which grants
 * the allowed origin, so its preflights carry Access-Control-Allow-Origin.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSuite } from '../../runner/run/index';
import { CONTRACT_CALLS } from '../../steps/support/contract';
import { runOptions } from '../support/options';

const FEATURE = `Feature: The response after a preflight

  @MUST @id:stale
  Scenario: The stale feature: after a preflight only, the response is the preflight's answer
    When a client calls "GET /"
    When a script on the allowed origin asks to call "GET /" with the headers "X-Example"
    Then the response does not carry the header "Access-Control-Allow-Origin"

  @MUST @id:preflight-is-the-response
  Scenario: The preflight's answer is the response, with no call before it
    When a script on the allowed origin asks to call "GET /" with the headers "X-Example"
    Then the server answers 204 No Content
    And the response carries the header "Access-Control-Allow-Origin" with the value "https://frontend.example"
    And the response carries the header "Access-Control-Allow-Headers" listing "X-Example"

  @MUST @id:no-preflight-no-response
  Scenario: A preflight only that needs no preflight leaves no response
    When a client calls "GET /headers/"
    When a script on the allowed origin asks to call "GET /headers/"
    Then the server answers 200 OK

  @MUST @id:every-route-no-single-response
  Scenario: Every route has no single response
    When a client calls "GET /headers/"
    When a script on the allowed origin calls every route of the contract
    Then the server answers 200 OK

  @MUST @id:script-call-is-the-response
  Scenario: After a script's call, the response is the answer to the request itself
    When a client calls "GET /headers/"
    When a script on another origin calls "GET /headers-and-object/"
    Then the response carries the header "X-Cat-Dog" with the value "alone in the world"
    And the response does not carry the header "Access-Control-Allow-Origin"

  @MUST @id:client-after-preflight
  Scenario: A client's call after a preflight is the response again
    When a script on the allowed origin asks to call "GET /" with the headers "X-Example"
    When a client calls "GET /headers/"
    Then the server answers 200 OK
    And the response does not carry the header "Access-Control-Allow-Origin"
`;

describe('"the response" is the answer of the last When step, never an earlier one', () => {
  let byId: Map<string, { status: string; message: string | null; outcome: string | null }>;
  before(async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rc-the-response-')), 'the-response.feature');
    writeFileSync(file, FEATURE);
    const { summary } = await runSuite(runOptions({ features: [file], browser: 'off' }));
    byId = new Map(summary.scenarios.map((s) => [s.id, s]));
  });

  it('the stale feature fails: the preflight carries Access-Control-Allow-Origin, and the response is the preflight', () => {
    const stale = byId.get('stale')!;
    assert.equal(stale.status, 'failed');
    assert.equal(stale.outcome, 'assertion');
    assert.equal(stale.message, 'Access-Control-Allow-Origin is sent, with the value "https://frontend.example"');
  });

  it('a preflight only is a response of its own, with no plain call before it', () => assert.equal(byId.get('preflight-is-the-response')!.status, 'passed', byId.get('preflight-is-the-response')!.message ?? ''));

  it('a preflight only that sends nothing leaves no response, and the response sentences say so, as an error of the run', () => {
    const none = byId.get('no-preflight-no-response')!;
    assert.equal(none.status, 'error');
    assert.equal(none.outcome, 'harness');
    assert.equal(
      none.message,
      'no response: "asks to call" sends only the preflight, and a script on https://frontend.example needs none for GET /headers/, so nothing was sent; use "a script on … calls" to send the request itself',
    );
  });

  it('every route of the contract leaves no single response, and the response sentences say so, as an error of the run', () => {
    const every = byId.get('every-route-no-single-response')!;
    assert.equal(every.status, 'error');
    assert.equal(every.message, `no single response: the last When step called ${CONTRACT_CALLS.length} routes, each with its own answer; use the sentences about every response`);
  });

  it("a script's call: the response is the answer to the request itself", () => assert.equal(byId.get('script-call-is-the-response')!.status, 'passed', byId.get('script-call-is-the-response')!.message ?? ''));

  it("a client's call after a preflight is the response again", () => assert.equal(byId.get('client-after-preflight')!.status, 'passed', byId.get('client-after-preflight')!.message ?? ''));
});
