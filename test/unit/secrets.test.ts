/**
 * Masking secrets (http/secrets.ts) on the fields that carry them and inside
 * string values only, and the start of a body a failure shows
 * (http/body-start.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MASK, Secrets, maskHead, maskSetCookie } from '../../http/secrets';
import { bodyStart } from '../../http/body-start';
import { redactMessages, redactSummary, secretsOf } from '../../runner/reports/redact';
import type { Summary } from '../../runner/run/summary';

describe('masking by field', () => {
  it('masks the whole value of Authorization, Proxy-Authorization, Cookie and the named fields, in any case', () => {
    const head = maskHead([['authorization', 'Bearer abc'], ['Proxy-Authorization', 'Basic xyz'], ['Cookie', 'a=1'], ['X-Api-Key', 'k'], ['Content-Type', 'application/json']], ['x-API-key']);
    assert.deepEqual(head, [['authorization', MASK], ['Proxy-Authorization', MASK], ['Cookie', MASK], ['X-Api-Key', MASK], ['Content-Type', 'application/json']]);
  });

  it("masks only each cookie's value in Set-Cookie: its name and attributes stay", () => {
    assert.equal(maskSetCookie('sid=abc123; Path=/; HttpOnly; SameSite=None; Secure'), `sid=${MASK}; Path=/; HttpOnly; SameSite=None; Secure`);
    assert.equal(maskSetCookie('sid=abc'), `sid=${MASK}`);
    assert.equal(maskSetCookie('a=1; Path=/, b=2; Expires=Wed, 21 Oct 2099 07:28:00 GMT'), `a=${MASK}; Path=/, b=${MASK}; Expires=Wed, 21 Oct 2099 07:28:00 GMT`);
    assert.equal(maskSetCookie('sid=; Max-Age=0; Path=/'), 'sid=; Max-Age=0; Path=/', 'a deletion holds nothing to hide');
    assert.equal(maskSetCookie('nameless'), MASK, 'a pair without "=" is all value');
  });
});

describe('masking by value', () => {
  const secrets = new Secrets().add('true').add('null').add('1000').add('application/json').add('tok-123456');

  it('masks inside strings, and never a number, a boolean, null, a key or the structure', () => {
    const data = { granted: true, nothing: null, limit: 1000, 'true': 'true', list: ['is true', 'tok-123456x', 2], type: 'application/json; charset=utf-8' };
    const masked = secrets.maskData(data);
    assert.deepEqual(masked, { granted: true, nothing: null, limit: 1000, 'true': MASK, list: [`is ${MASK}`, `${MASK}x`, 2], type: `${MASK}; charset=utf-8` });
    assert.deepEqual(JSON.parse(JSON.stringify(masked)), masked, 'still JSON');
    assert.equal(data.list[0], 'is true', 'the data itself is not changed');
  });

  it('masks a secret containing another whole, and never masks its own mask', () => {
    const nested = new Secrets().add('abcd').add('xxabcdxx').add('REDA');
    assert.equal(nested.maskText('1 xxabcdxx 2 abcd'), `1 ${MASK} 2 ${MASK}`);
  });

  it('searches strings for a secret of 4 characters or more; a shorter one is masked only where a string is exactly it', () => {
    const short = new Secrets().add('ok').add('abc');
    assert.equal(short.maskText('ok'), MASK);
    assert.equal(short.maskText('it is ok, abc'), 'it is ok, abc');
  });

  it('reads a set filled during the run afresh at each mask (RunScope.secrets)', () => {
    const live = new Set<string>();
    const run = new Secrets().addAll(live);
    assert.equal(run.maskText('token tok-999999'), 'token tok-999999');
    live.add('tok-999999');
    assert.equal(run.maskText('token tok-999999'), `token ${MASK}`);
  });

  it("takes --header's value, the credentials after its scheme, and its name for masking by field; the target's userinfo as written, decoded and as Basic credentials", () => {
    const fromOptions = secretsOf({ headers: [['Authorization', 'Bearer tok-abcdef'], ['X-Key', 'k3y-value']], target: 'http://robot:p%40ss-word@127.0.0.1:8000' });
    assert.equal(fromOptions.maskText('Bearer tok-abcdef'), MASK);
    assert.equal(fromOptions.maskText('sent tok-abcdef'), `sent ${MASK}`);
    assert.equal(fromOptions.maskText('p%40ss-word p@ss-word robot'), `${MASK} ${MASK} ${MASK}`);
    assert.equal(fromOptions.maskText(Buffer.from('robot:p@ss-word').toString('base64')), MASK);
    assert.deepEqual(fromOptions.maskHead([['x-key', 'other'], ['X-Echo', 'k3y-value!']]), [['x-key', MASK], ['X-Echo', `${MASK}!`]]);
  });

  it('masks a summary in its string values, and each line of the message stream as JSON', () => {
    const options = secretsOf({ headers: [['X-Debug', 'true']], target: undefined });
    const summary = { conformant: true, scenarios: [{ id: 'a', message: 'got true' }] } as unknown as Summary;
    assert.deepEqual(redactSummary(summary, options), { conformant: true, scenarios: [{ id: 'a', message: `got ${MASK}` }] });
    const block = `${JSON.stringify({ attachment: { body: 'X-Debug: true', done: true } })}\n${JSON.stringify({ testRunFinished: { success: true } })}\n`;
    const lines = redactMessages(block, options).split('\n');
    assert.deepEqual(lines.slice(0, 2).map((l) => JSON.parse(l)), [{ attachment: { body: `X-Debug: ${MASK}`, done: true } }, { testRunFinished: { success: true } }]);
    assert.equal(lines[2], '', 'each line still ends in its newline');
  });
});

describe('the start of a body', () => {
  const json: [string, string][] = [['Content-Type', 'application/json']];

  it('is the whole body when it is short, and none when there is none', () => {
    assert.equal(bodyStart(json, '{"detail":"Not Found"}'), '{"detail":"Not Found"}');
    assert.equal(bodyStart(json, ''), null);
  });

  it('is cut at 500 bytes on a character boundary, saying how many bytes were left out', () => {
    const text = `${'a'.repeat(499)}é${'b'.repeat(100)}`; // é is 2 bytes: it would straddle byte 500
    assert.equal(bodyStart([['Content-Type', 'text/plain; charset=utf-8']], text), `${'a'.repeat(499)}…(102 more bytes)`);
  });

  it('describes a body that is not text instead of dumping it', () => {
    assert.equal(bodyStart([['Content-Type', 'image/png']], '\uFFFDPNG\r\n'), '(8 bytes of image/png, not text: not shown)');
    assert.equal(bodyStart(json, 'ok\u0000\u0001'), '(4 bytes of application/json, not text: not shown)');
    assert.equal(bodyStart(json, 'ok\uFFFF'), '(5 bytes of application/json, not text: not shown)', 'XML cannot carry U+FFFF');
    assert.equal(bodyStart([], 'plain words'), 'plain words', 'without Content-Type, text is shown');
  });
});

describe('the message stream, line by line', () => {
  it('parses only a line that may hold a secret, as JSON writes it', () => {
    const secrets = new Secrets().add('say "hi"').add('ok');
    assert.equal(secrets.mayBeInJson(JSON.stringify({ a: 'nothing here' })), false);
    assert.equal(secrets.mayBeInJson(JSON.stringify({ a: 'they say "hi" here' })), true, 'found in its escaped form');
    assert.equal(secrets.mayBeInJson(JSON.stringify({ a: 'ok' })), true, 'a short secret, for a string that is exactly it');
    const line = JSON.stringify({ a: 'nothing', b: 'they say "hi"', c: 'ok' });
    assert.deepEqual(JSON.parse(redactMessages(`${line}\n`, secrets)), { a: 'nothing', b: `they ${MASK}`, c: MASK });
  });
});

describe("a summary's own words", () => {
  it('are kept when a secret happens to be one of them, so every report still renders', () => {
    const secrets = new Secrets().add('passed').add('MUST');
    const summary = { conformant: true, scenarios: [{ id: 'a-1', area: 'a', level: 'MUST', status: 'passed', message: 'it passed', outcome: null }] } as unknown as Summary;
    assert.deepEqual(redactSummary(summary, secrets).scenarios[0], { id: 'a-1', area: 'a', level: 'MUST', status: 'passed', message: `it ${MASK}`, outcome: null });
  });
});

describe('a sign-in body as a source of secrets', () => {
  it("adds the whole body and each field's value, JSON at any depth or a form", () => {
    const json = new Secrets().addFields('{"user":{"email":"a@b.example","password":"looking-glass-42"}}');
    assert.equal(json.maskText('sent looking-glass-42'), `sent ${MASK}`);
    const form = new Secrets().addFields('username=alice&password=looking%2Dglass-42');
    assert.equal(form.maskText('pw looking-glass-42'), `pw ${MASK}`);
    assert.equal(form.maskText('username=alice&password=looking%2Dglass-42'), MASK);
  });
});
