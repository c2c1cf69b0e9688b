/**
 * observe's judge (runner/observe/judge.ts) on exchanges written by hand:
 * whom each exchange is judged for, each rule found on the traffic that
 * breaks it and not on the traffic that keeps it, the grouping, counts and
 * first exchanges, what is masked, and what memory it keeps.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { before, describe, it } from 'node:test';
import type { HeaderList } from '../../http/header-list';
import type { ObservedExchange } from '../../http/observed';
import { ObserveJudge, routeOf, type JudgeOptions } from '../../runner/observe/judge';
import { maskerOf } from '../../runner/observe/mask';
import { operationsOf } from '../../openapi/operations';
import { parseDocument, resolveDocument } from '../../openapi/load';
import { componentSchemasOf } from '../../openapi/undeclared-fields';
import type { ObservedDocument } from '../../runner/observe/judge';

/** A document as FastAPI writes one for a login that answers the user (response_model=User). */
const LOGIN_DOCUMENT = {
  openapi: '3.0.2',
  info: { title: 'Shop', version: '1' },
  paths: {
    '/api/login': {
      post: {
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } } },
        },
      },
    },
  },
  components: { schemas: { User: { title: 'User', type: 'object', properties: { username: { type: 'string' } }, required: ['username'] } } },
};

const API = 'http://127.0.0.1:8001';
const FRONTEND = 'http://127.0.0.1:5173';
let seq = 0;

function body(text: string | Buffer = '', truncated = false) {
  const prefix = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { prefix, size: prefix.length, truncated };
}

function exchange(method: string, target: string, request: HeaderList, status: number, response: HeaderList, responseBody: string | Buffer = '', requestBody = ''): ObservedExchange {
  seq += 1;
  return {
    seq,
    startedAt: new Date(Date.UTC(2026, 11, 3, 5, 0, seq)).toISOString(),
    durationMs: 1,
    request: { method, target, httpVersion: '1.1', headers: [['Host', '127.0.0.1:8001'], ...request], body: body(requestBody) },
    response: { status, statusText: '', headers: response, body: body(responseBody) },
  };
}

/** A cross-origin script's request from the frontend, as a browser sends it. */
const fromScript = (extra: HeaderList = []): HeaderList => [['Origin', FRONTEND], ['Sec-Fetch-Mode', 'cors'], ['Sec-Fetch-Site', 'same-site'], ...extra];
const granted = (extra: HeaderList = []): HeaderList => [['Access-Control-Allow-Origin', FRONTEND], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin'], ...extra];
const JSON_TYPE: HeaderList = [['Content-Type', 'application/json']];

function judge(exchanges: readonly ObservedExchange[], options: Partial<JudgeOptions> = {}) {
  const j = new ObserveJudge({ apiOrigin: API, maskerOf, ...options });
  for (const e of exchanges) j.add(e);
  return j.finish();
}

const ids = (judged: ReturnType<typeof judge>) => judged.operations.flatMap((o) => o.findings.map((f) => f.id)).concat(judged.findings.map((f) => f.id));

describe('observe judge: whom an exchange is judged for', () => {
  it('a cross-origin script (Origin, Sec-Fetch-Mode: cors) refused for CORS is origin-refused', () => {
    const judged = judge([exchange('GET', '/api/items', fromScript(), 200, JSON_TYPE, '[]')]);
    assert.deepEqual(ids(judged), ['origin-refused']);
    assert.equal(judged.operations[0].refused, 1);
  });
  it('a same-origin request (Sec-Fetch-Site: same-origin) is not judged for CORS', () => {
    const judged = judge([exchange('POST', '/api/items', [['Origin', API], ['Sec-Fetch-Mode', 'cors'], ['Sec-Fetch-Site', 'same-origin']], 200, JSON_TYPE, '[]')]);
    assert.deepEqual(ids(judged), []);
    assert.equal(judged.operations[0].granted + judged.operations[0].refused, 0);
  });
  it('a navigation or a no-cors request is not judged for CORS, whatever its Origin', () => {
    const judged = judge([
      exchange('POST', '/login', [['Origin', FRONTEND], ['Sec-Fetch-Mode', 'navigate']], 303, []),
      exchange('GET', '/img.png', [['Origin', FRONTEND], ['Sec-Fetch-Mode', 'no-cors']], 200, [['Content-Type', 'image/png']]),
    ]);
    assert.deepEqual(ids(judged), []);
  });
  it('a test client with no Origin stands for --origin when one is given, and for nobody otherwise', () => {
    const plain = () => [exchange('GET', '/api/items', [], 200, JSON_TYPE, '[]')];
    assert.deepEqual(ids(judge(plain(), { origin: FRONTEND })), ['origin-refused']);
    assert.deepEqual(ids(judge(plain())), []);
  });
  it('a request carrying a Cookie is judged as credentialed: * does not grant it', () => {
    const star: HeaderList = [['Access-Control-Allow-Origin', '*'], ...JSON_TYPE];
    assert.deepEqual(ids(judge([exchange('GET', '/api/me', fromScript([['Cookie', 'session=abcdefgh12345']]), 200, star, '{}')])), ['origin-refused']);
    assert.deepEqual(ids(judge([exchange('GET', '/api/me', fromScript(), 200, star, '{}')])), []);
  });
  it('--credentials include judges a request without a Cookie as credentialed', () => {
    const echo: HeaderList = [['Access-Control-Allow-Origin', FRONTEND], ['Vary', 'Origin'], ...JSON_TYPE];
    assert.deepEqual(ids(judge([exchange('GET', '/api/me', fromScript(), 200, echo, '{}')], { credentials: 'include' })), ['credentials-not-allowed']);
    assert.deepEqual(ids(judge([exchange('GET', '/api/me', fromScript(), 200, echo, '{}')])), []);
  });
});

describe('observe judge: preflights', () => {
  const preflight = (allowMethods: string) =>
    exchange('OPTIONS', '/api/items/7', [['Origin', FRONTEND], ['Access-Control-Request-Method', 'DELETE'], ['Sec-Fetch-Mode', 'cors']], 200, granted([['Access-Control-Allow-Methods', allowMethods]]));
  it('a preflight that does not allow the method is preflight-refuses-method, grouped with the request it was for', () => {
    const judged = judge([preflight('GET, POST')]);
    assert.deepEqual(ids(judged), ['preflight-refuses-method']);
    assert.equal(judged.operations[0].label, 'DELETE /api/items/{id}');
    assert.equal(judged.operations[0].preflights, 1);
  });
  it('a preflight that lets the request through is no finding, and its status is not counted as the request\'s', () => {
    const judged = judge([preflight('GET, DELETE'), exchange('DELETE', '/api/items/7', fromScript(), 204, granted())]);
    assert.deepEqual(ids(judged), []);
    assert.deepEqual(judged.operations[0].statuses, { 204: 1 });
  });
  it('a preflight answered 405 is preflight-not-ok', () => {
    const judged = judge([exchange('OPTIONS', '/api/x', [['Origin', FRONTEND], ['Access-Control-Request-Method', 'PUT']], 405, granted([['Access-Control-Allow-Methods', 'PUT']]))]);
    assert.deepEqual(ids(judged), ['preflight-not-ok']);
  });
});

describe('observe judge: error answers the script cannot read', () => {
  const me500 = () => exchange('GET', '/api/me', fromScript(), 500, [['Content-Type', 'text/plain; charset=utf-8'], ['Server', 'uvicorn']], 'Internal Server Error');
  it('a 500 without CORS headers, the origin granted elsewhere, is error-not-readable, in Starlette\'s terms', () => {
    const judged = judge([exchange('GET', '/api/items', fromScript(), 200, granted(JSON_TYPE), '[]'), me500()]);
    assert.deepEqual(ids(judged), ['error-not-readable']);
    const finding = judged.operations.find((o) => o.label === 'GET /api/me')!.findings[0];
    assert.equal(finding.first.status, 500);
    assert.match(finding.message, /ServerErrorMiddleware/);
  });
  it('granted later in the traffic counts too: the verdict waits for the whole traffic', () => {
    assert.deepEqual(ids(judge([me500(), exchange('GET', '/api/items', fromScript(), 200, granted(JSON_TYPE), '[]')])), ['error-not-readable']);
  });
  it('granted nowhere, the same answer stays origin-refused', () => {
    assert.deepEqual(ids(judge([me500()])), ['origin-refused']);
  });
  it('many such answers are one finding with their count', () => {
    const judged = judge([exchange('GET', '/api/items', fromScript(), 200, granted(JSON_TYPE), '[]'), me500(), me500(), me500()]);
    const finding = judged.operations.find((o) => o.label === 'GET /api/me')!.findings[0];
    assert.equal(finding.count, 3);
  });
});

describe('observe judge: cookies', () => {
  const login = (setCookie: string) => exchange('POST', '/api/login', fromScript(JSON_TYPE), 200, granted([...JSON_TYPE, ['Set-Cookie', setCookie]]), '{}', '{"username":"alice","password":"wonderland-7c1f"}');
  it('a login cookie a cross-site frontend refuses (SameSite=Lax) is cookie-not-sent-cross-site', () => {
    const j = new ObserveJudge({ apiOrigin: API, credentials: 'include' });
    const cross = 'http://localhost:5173';
    const e = login('session=abcdefgh12345; Path=/; HttpOnly; SameSite=Lax');
    const grantsCross: HeaderList = [['Access-Control-Allow-Origin', cross], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin'], ...JSON_TYPE, ['Set-Cookie', 'session=abcdefgh12345; Path=/; HttpOnly; SameSite=Lax']];
    j.add({ ...e, request: { ...e.request, headers: [['Host', '127.0.0.1:8001'], ['Origin', cross], ['Sec-Fetch-Mode', 'cors']] }, response: { ...e.response!, headers: grantsCross } });
    assert.deepEqual(ids(j.finish()), ['cookie-not-sent-cross-site']);
  });
  it('the same cookie from a same-site frontend is kept: no finding', () => {
    assert.deepEqual(ids(judge([login('session=abcdefgh12345; Path=/; HttpOnly; SameSite=Lax')], { credentials: 'include' })), []);
  });
  it('a fetch() without credentials ignores Set-Cookie: only HttpOnly is judged', () => {
    assert.deepEqual(ids(judge([login('session=abcdefgh12345; Path=/; SameSite=Lax')])), ['session-cookie-not-httponly']);
  });
  it('a logout that clears the cookie with another Path is logout-keeps-cookie; with the same Path, nothing', () => {
    const logout = (path: string) => exchange('DELETE', '/api/session', fromScript([['Cookie', 'session=abcdefgh12345']]), 204, granted([['Set-Cookie', `session=""; Max-Age=0; Path=${path}; HttpOnly; SameSite=Lax`]]));
    assert.deepEqual(ids(judge([login('session=abcdefgh12345; Path=/; HttpOnly; SameSite=Lax'), logout('/api')], { credentials: 'include' })), ['logout-keeps-cookie']);
    assert.deepEqual(ids(judge([login('session=abcdefgh12345; Path=/; HttpOnly; SameSite=Lax'), logout('/')], { credentials: 'include' })), []);
  });
});

describe('observe judge: the document\'s promises, for every method', () => {
  let document: ObservedDocument;
  before(async () => {
    const resolved = await resolveDocument(parseDocument(JSON.stringify(LOGIN_DOCUMENT), 'login.json'));
    document = { operations: operationsOf(resolved), family: resolved.family, schemas: componentSchemasOf(resolved.root), framework: 'FastAPI' };
  });
  const answer = (text: string | Buffer, headers: HeaderList = JSON_TYPE, truncated = false) => {
    const e = exchange('POST', '/api/login', fromScript(JSON_TYPE), 200, granted(headers), text);
    return { ...e, response: { ...e.response!, body: body(text, truncated) } };
  };
  it('a POST whose answer has a field the schema does not declare is undeclared-field, with the document\'s pointer', () => {
    const judged = judge([answer('{"username":"alice","password_hash":"x"}')], { document });
    assert.deepEqual(ids(judged), ['undeclared-field']);
    assert.match(judged.operations[0].findings[0].pointer ?? '', /^#\/paths\/~1api~1login\/post/);
  });
  it('the same answer without the field keeps the promise', () => {
    assert.deepEqual(ids(judge([answer('{"username":"alice"}')], { document })), []);
  });
  it('a gzip-coded answer is judged as the script reads it, decoded', () => {
    assert.deepEqual(ids(judge([answer(gzipSync('{"username":"alice","is_admin":true}'), [...JSON_TYPE, ['Content-Encoding', 'gzip']])], { document })), ['undeclared-field']);
  });
  it('a body cut at --max-body is not judged, and a note says so', () => {
    const judged = judge([answer('{"username":"alice","is_ad', JSON_TYPE, true)], { document });
    assert.deepEqual(ids(judged), []);
    assert.match(judged.operations[0].notes.join('\n'), /larger than the part kept/);
  });
  it('a request the document does not declare is noted, never a finding', () => {
    const judged = judge([exchange('GET', '/api/unknown', fromScript(), 200, granted(JSON_TYPE), '{}')], { document });
    assert.deepEqual(ids(judged), []);
    assert.equal(judged.operations[0].documented, false);
  });
});

describe('observe judge: grouping, evidence and secrets', () => {
  it('routes without a document group ids as {id}', () => {
    assert.equal(routeOf('/api/items/42?x=1'), '/api/items/{id}');
    assert.equal(routeOf('/api/orders/3f2b9c1e-5d6a-4b7c-8e9f-0a1b2c3d4e5f/lines'), '/api/orders/{id}/lines');
    assert.equal(routeOf('/api/items/teapot'), '/api/items/teapot');
  });
  it('the first exchange\'s target is masked: credential-named query values and the exchange\'s own credentials', () => {
    const e = exchange('GET', '/api/items?token=sekret-value-9&page=2', fromScript([['Authorization', 'Bearer abcdefgh12345']]), 200, JSON_TYPE, '[]');
    const judged = judge([e]);
    const target = judged.operations[0].findings[0].first.target;
    assert.equal(target, '/api/items?token=[REDACTED]&page=2');
  });
  it('an exemplar keeps no credential: a password becomes {{password}}, Authorization only its scheme', () => {
    const e = exchange('POST', '/api/login', fromScript([...JSON_TYPE, ['Authorization', 'Bearer abcdefgh12345']]), 200, granted(JSON_TYPE), '{}', '{"username":"alice","password":"wonderland-7c1f"}');
    const exemplar = judge([e]).operations[0].exemplar!;
    assert.equal(exemplar.body, '{"username":"alice","password":"{{password}}"}');
    assert.deepEqual(exemplar.secrets, ['password']);
    assert.equal(exemplar.authorization, 'Bearer');
    assert.doesNotMatch(JSON.stringify(exemplar), /wonderland|abcdefgh/);
  });
  it('memory is bounded by routes: 20,000 exchanges on two routes keep two groups', () => {
    const j = new ObserveJudge({ apiOrigin: API });
    for (let i = 0; i < 10_000; i += 1) {
      j.add(exchange('GET', `/api/items/${i}`, fromScript(), 200, granted(JSON_TYPE), '{}'));
      j.add(exchange('GET', '/api/me', fromScript(), 200, [], '{}'));
    }
    const judged = j.finish();
    assert.equal(judged.exchanges, 20_000);
    assert.deepEqual(judged.operations.map((o) => [o.label, o.exchanges]), [['GET /api/items/{id}', 10_000], ['GET /api/me', 10_000]]);
    assert.equal(judged.operations[1].findings[0].count, 10_000);
  });
  it('an exchange without an answer is counted by kind and noted; a WebSocket passes through unjudged', () => {
    const failed: ObservedExchange = { ...exchange('GET', '/api/slow', fromScript(), 200, []), response: undefined, failure: { kind: 'target-timed-out', message: 'the target did not answer within 30000 ms', answeredWith: 504 } };
    const socket: ObservedExchange = { ...exchange('GET', '/ws', fromScript(), 101, []), passThrough: 'websocket' };
    const judged = judge([failed, socket]);
    assert.deepEqual(judged.unanswered, { 'target-timed-out': 1 });
    assert.equal(judged.passedThrough, 1);
    assert.match(judged.operations[0].notes[0], /30000 ms/);
  });
  it('Origin: null granted is null-origin-allowed, about the whole API', () => {
    const judged = judge([exchange('GET', '/api/items', [['Origin', 'null'], ['Sec-Fetch-Mode', 'cors'], ['Cookie', 'session=abcdefgh12345']], 200, [['Access-Control-Allow-Origin', 'null'], ['Vary', 'Origin']], '[]')]);
    assert.deepEqual(judged.findings.map((f) => f.id), ['null-origin-allowed']);
    // Without credentials, granting "null" is what * does, and right for such a frontend (rules/origins.ts).
    assert.deepEqual(judge([exchange('GET', '/api/items', [['Origin', 'null'], ['Sec-Fetch-Mode', 'cors']], 200, [['Access-Control-Allow-Origin', 'null']], '[]')]).findings, []);
  });
});
