/**
 * `error-not-readable` (rules/errors.ts): an error answer the script on the
 * origin cannot read, while the origin is granted elsewhere, judged as pure
 * functions on answers: granted error answers pass, one that escaped the
 * CORS layer fails with its cause as a value, and one refused like every
 * other answer is left to `origin-refused`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HeaderList } from '../../http/header-list';
import { corsRequestFor } from '../../http/script-fetch';
import { originGrant } from '../../rules/cors';
import { errorNotReadable, errorsNotReadable, firstLineOf, fromStarlette, grantedOn, originVerdict, type ErrorAnswer, type SeenAnswer } from '../../rules/errors';
import { sightOf } from '../../rules/script';

const ORIGIN = 'https://app.example';
const request = corsRequestFor(ORIGIN, { method: 'GET', path: '/api/items' });
const CORS: [string, string][] = [['Access-Control-Allow-Origin', ORIGIN], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']];
const answer = (status: number, headers: [string, string][], text = '', path = '/api/items/7'): ErrorAnswer => ({ method: 'GET', path, status, headers: headers as HeaderList, text });
const seen = (a: ErrorAnswer, preflightGranted?: boolean): SeenAnswer => ({ answer: a, sight: sightOf(request, a), ...(preflightGranted === undefined ? {} : { preflightGranted }) });

const STARLETTE_500 = answer(500, [['server', 'uvicorn'], ['content-type', 'text/plain; charset=utf-8']], 'Internal Server Error');
const OK = answer(200, CORS, '[]', '/api/items');
const READABLE_422 = answer(422, [['content-type', 'application/json'], ...CORS], '{"detail":[{"loc":["query","page"],"msg":"value is not a valid integer"}]}');
const PROXY_404 = answer(404, [['content-type', 'text/html'], ['server', 'nginx']], '<html>\n<head><title>404 Not Found</title></head>');

describe('error-not-readable: an error answer the script cannot read while the origin is granted elsewhere', () => {
  it('a readable 422 (through CORSMiddleware) is no finding', () => {
    assert.deepEqual(errorsNotReadable(ORIGIN, [seen(OK), seen(READABLE_422)]), [null, null]);
  });
  it('a 500 without CORS headers, the origin granted on another route: starlette-server-error, naming where it is granted', () => {
    const [, failed] = errorsNotReadable(ORIGIN, [seen(OK), seen(STARLETTE_500)]);
    assert.equal(failed?.rule, 'error-not-readable');
    assert.equal(failed?.kind, 'starlette-server-error');
    assert.equal(failed?.facts.grantedOn, 'GET /api/items');
    assert.equal(failed?.facts.status, 500);
    assert.equal(failed?.facts.firstLine, 'Internal Server Error');
  });
  it("a 4xx without CORS headers from a proxy: outer-layer, with the body's first line", () => {
    const [, failed] = errorsNotReadable(ORIGIN, [seen(OK), seen(PROXY_404)]);
    assert.equal(`${failed?.rule} ${failed?.kind}`, 'error-not-readable outer-layer');
    assert.equal(failed?.facts.firstLine, '<html>');
  });
  it('a 502 from a server that is not Starlette: server-error', () => {
    const [, failed] = errorsNotReadable(ORIGIN, [seen(OK), seen(answer(502, [['server', 'nginx']], 'Bad Gateway'))]);
    assert.equal(failed?.kind, 'server-error');
  });
  it("the route's own preflight granting the origin is enough, with no other route", () => {
    const [failed] = errorsNotReadable(ORIGIN, [seen(STARLETTE_500, true)]);
    assert.equal(failed?.facts.grantedOn, 'its preflight');
  });
  it('refused everywhere: no finding here, the origin is refused (origin-refused says it)', () => {
    const refusedOk = answer(200, [], '[]', '/api/items');
    assert.deepEqual(errorsNotReadable(ORIGIN, [seen(refusedOk), seen(STARLETTE_500), seen(PROXY_404, false)]), [null, null, null]);
    assert.equal(originGrant(request, STARLETTE_500)?.rule, 'origin-refused');
  });
  it('a success refused is never this rule, even with the origin granted elsewhere', () => {
    assert.equal(errorNotReadable(ORIGIN, answer(200, []), sightOf(request, answer(200, [])), 'GET /api/items'), null);
  });
  it('an error answer that names another origin, or lacks Allow-Credentials, is the CORS set-up\'s own rule, not this one', () => {
    const other = answer(500, [['Access-Control-Allow-Origin', 'https://b.example'], ['Access-Control-Allow-Credentials', 'true']]);
    const noCredentials = answer(500, [['Access-Control-Allow-Origin', ORIGIN]]);
    assert.equal(errorNotReadable(ORIGIN, other, sightOf(request, other), 'GET /api/items'), null);
    assert.equal(errorNotReadable(ORIGIN, noCredentials, sightOf(request, noCredentials), 'GET /api/items'), null);
  });
  it('a refusal by the preflight is the preflight\'s rule: the request was never sent', () => {
    const withHeader = corsRequestFor(ORIGIN, { method: 'GET', path: '/api/me', headers: [['Authorization', 'Bearer x']] });
    const sight = sightOf(withHeader, STARLETTE_500, { status: 200, headers: [] });
    assert.equal(sight.granted, false);
    assert.equal(errorNotReadable(ORIGIN, STARLETTE_500, sight, 'GET /api/items'), null);
  });
});

describe("the route's origin verdict: origin-refused or error-not-readable, chosen once from every answer met", () => {
  const verdict = (all: SeenAnswer[], index: number) => originVerdict(originGrant(request, all[index].answer), ORIGIN, all, index).map((f) => f.rule);
  it('an error escaped the CORS layer while another route grants the origin: error-not-readable, in place of origin-refused', () => {
    assert.deepEqual(verdict([seen(OK), seen(STARLETTE_500)], 1), ['error-not-readable']);
  });
  it('the same error with the origin granted nowhere: origin-refused, whose advice (add the origin) is then right', () => {
    assert.deepEqual(verdict([seen(answer(200, [], '[]', '/api/items')), seen(STARLETTE_500)], 1), ['origin-refused']);
  });
  it('a readable error, and a granted success: no verdict against the origin', () => {
    assert.deepEqual(verdict([seen(OK), seen(READABLE_422)], 1), []);
    assert.deepEqual(verdict([seen(OK), seen(STARLETTE_500)], 0), []);
  });
  it("a grant failure of another rule is kept: an error naming another origin stays the set-up's own mistake", () => {
    const other = answer(500, [['Access-Control-Allow-Origin', 'https://b.example'], ['Access-Control-Allow-Credentials', 'true']]);
    assert.deepEqual(verdict([seen(OK), seen(other)], 1), ['origin-refused']);
    const listed = answer(500, [['Access-Control-Allow-Origin', `${ORIGIN}, https://b.example`]]);
    assert.deepEqual(verdict([seen(OK), seen(listed)], 1), ['allow-origin-list']);
  });
  it('without a grant failure given, an unreadable error is still said (the judge does not rely on the caller)', () => {
    assert.deepEqual(originVerdict(null, ORIGIN, [seen(OK), seen(PROXY_404)], 1).map((f) => `${f.rule} ${f.kind}`), ['error-not-readable outer-layer']);
  });
});

describe('where the origin is granted, and what answered', () => {
  it('its own preflight first, then the first other answer granted, else nowhere', () => {
    assert.equal(grantedOn([seen(OK), seen(STARLETTE_500, true)], 1), 'its preflight');
    assert.equal(grantedOn([seen(STARLETTE_500), seen(OK)], 0), 'GET /api/items');
    assert.equal(grantedOn([seen(OK)], 0), null);
  });
  it("Starlette's 500: a uvicorn Server header, its plain body, or a FastAPI document; never another status", () => {
    assert.equal(fromStarlette(STARLETTE_500), true);
    assert.equal(fromStarlette(answer(500, [['content-type', 'text/plain']], 'Internal Server Error')), true);
    assert.equal(fromStarlette(answer(500, [['server', 'nginx']], '<html>oops</html>')), false);
    assert.equal(fromStarlette(answer(500, [['server', 'nginx']], '<html>oops</html>'), 'FastAPI'), true);
    assert.equal(fromStarlette(answer(502, [['server', 'uvicorn']], '')), false);
  });
  it('the first line: the first one not blank, cut at 200 characters; none for an empty body', () => {
    assert.equal(firstLineOf('\n  \nfirst\nsecond'), 'first');
    assert.equal(firstLineOf(''), null);
    assert.equal(firstLineOf('x'.repeat(300)), `${'x'.repeat(200)}…`);
  });
});
