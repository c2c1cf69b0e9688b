/**
 * How a check fails (steps/support/verdict.ts): the message ends with the
 * explanation, a comparison says "expected X, got Y" in plain words, and the
 * error is an assertion, never a harness problem.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AssertionError } from 'chai';
import { aScriptOn, asCheckFailure, ensure, ensureEqual, fail, mismatch, shown, shownStatus } from '../../steps/support/verdict';
import { BodyNotJson, parseJsonBody } from '../../http/json-body';
import type { Exchange } from '../../http/client';

const failsWith = (check: () => void, message: string) => assert.throws(check, (error: Error) => error instanceof AssertionError && error.message === message);

describe('verdicts: a failure ends with its explanation', () => {
  it('fail() throws the explanation as the whole message', () => failsWith(() => fail('X-Nope: the response has no such header'), 'X-Nope: the response has no such header'));
  it('ensure() passes a true condition and fails a false one with the explanation alone', () => {
    ensure(true, 'never shown');
    failsWith(() => ensure(false, 'the Fetch model let a script on https://a.example read the response'), 'the Fetch model let a script on https://a.example read the response');
  });
  it('ensure() builds a lazy explanation only when it fails', () => {
    ensure(true, () => assert.fail('built for a passing check'));
    failsWith(() => ensure(false, () => 'built'), 'built');
  });
  it('a comparison reads "what: expected X, got Y"', () => assert.equal(mismatch('status', shownStatus(200), shownStatus(404)), 'status: expected 200 OK, got 404 Not Found'));
  it('ensureEqual compares deeply and shows text quoted', () => {
    ensureEqual({ a: [1, 2] }, { a: [1, 2] }, 'body');
    failsWith(() => ensureEqual('together in the world', 'alone in the world', 'X-Cat-Dog'), 'X-Cat-Dog: expected "alone in the world", got "together in the world"');
    failsWith(() => ensureEqual<string | undefined>(undefined, '/', 'cookie theme Path attribute'), 'cookie theme Path attribute: expected "/", got none');
  });
  it('values are shown as a feature writes them', () => {
    assert.equal(shown('5'), '"5"');
    assert.equal(shown(62), '62');
    assert.equal(shown(null), 'none');
    assert.equal(shown(/^\d+$/), '/^\\d+$/');
    assert.equal(shownStatus(422), '422 Unprocessable Content');
    assert.equal(shownStatus(299), '299');
  });
  it('a script is named by the origin it was on, an opaque one too', () => {
    assert.equal(aScriptOn('https://app.example'), 'a script on https://app.example');
    assert.equal(aScriptOn('null'), 'a script on an opaque origin (Origin: null)');
  });
});

describe('what a check threw, as the check\'s failure', () => {
  it('a body that is not JSON where the check reads JSON is the server\'s answer at fault: a failed check, same message', () => {
    let thrown: unknown;
    try {
      parseJsonBody({ text: '<html>' } as Exchange);
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof BodyNotJson);
    const failure = asCheckFailure(thrown);
    assert.ok(failure instanceof AssertionError);
    assert.equal((failure as Error).message, 'the body is not JSON: "<html>"');
  });
  it('anything else is left as it is: a TypeError stays an error of the run', () => {
    const bug = new TypeError('x is undefined');
    assert.equal(asCheckFailure(bug), bug);
  });
});
