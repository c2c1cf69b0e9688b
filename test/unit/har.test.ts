/**
 * HAR 1.2 written and read (http/har.ts): every field the spec requires, with
 * its type; no secret in the written text; failed requests as browsers write
 * them; HARs from Chromium, Firefox and Playwright read, with what each
 * leaves out; bad input as one clear error or one problem per entry; and a
 * round trip that gives back the exchanges.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Har } from 'har-format';
import { HarError, readHar, toHar } from '../../http/har';
import { API_KEY, BASE, body, EMPTY, exchange, FORM_SECRET, ISSUED, PASSWORD, plain, QUERY_TOKEN, SESSION, TOKEN, withSecrets } from './fixtures/har/exchanges';
import { MASK, Secrets } from '../../http/secrets';

const FIXTURES = join(__dirname, 'fixtures', 'har');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

// ------------------------------------------------ HAR 1.2's required fields, walked once

type Shape = 'string' | 'number' | 'object' | { readonly [field: string]: Shape } | readonly [Shape];

const NAME_VALUE: Shape = { name: 'string', value: 'string' };

/** http://www.softwareishard.com/blog/har-12-spec/: every field not marked "optional", with its type. */
const HAR_1_2: Shape = {
  log: {
    version: 'string',
    creator: { name: 'string', version: 'string' },
    entries: [
      {
        startedDateTime: 'string',
        time: 'number',
        request: {
          method: 'string',
          url: 'string',
          httpVersion: 'string',
          cookies: [NAME_VALUE],
          headers: [NAME_VALUE],
          queryString: [NAME_VALUE],
          headersSize: 'number',
          bodySize: 'number',
        },
        response: {
          status: 'number',
          statusText: 'string',
          httpVersion: 'string',
          cookies: [NAME_VALUE],
          headers: [NAME_VALUE],
          content: { size: 'number', mimeType: 'string' },
          redirectURL: 'string',
          headersSize: 'number',
          bodySize: 'number',
        },
        cache: 'object',
        timings: { send: 'number', wait: 'number', receive: 'number' },
      },
    ],
  },
};

/** Every required field missing or of the wrong type, by its path ("log.entries[0].request.url"). */
function missingFields(value: unknown, shape: Shape = HAR_1_2, path = ''): string[] {
  if (shape === 'string' || shape === 'number') return typeof value === shape ? [] : [`${path}: not a ${shape}`];
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${path}: not a list`];
    return value.flatMap((item, index) => missingFields(item, shape[0], `${path}[${index}]`));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
  if (shape === 'object') return [];
  const record = value as Record<string, unknown>;
  const fields = shape as { readonly [field: string]: Shape };
  return Object.keys(fields).flatMap((field) => missingFields(record[field], fields[field], path === '' ? field : `${path}.${field}`));
}

/** A HAR's postData, when present, must hold mimeType and either text or params (HAR 1.2 "postData"). */
function postDataProblems(har: Har): string[] {
  return har.log.entries.flatMap((entry, index) => {
    const postData = entry.request.postData;
    if (postData === undefined) return [];
    // "Note that text and params fields are mutually exclusive."
    const ok = typeof postData.mimeType === 'string' && (typeof postData.text === 'string') !== Array.isArray(postData.params);
    return ok ? [] : [`log.entries[${index}].request.postData: needs mimeType and either text or params`];
  });
}

describe('the required-fields check itself', () => {
  it('finds a missing field and a field of the wrong type', () => {
    const har = JSON.parse(fixture('one-bad-entry.har'));
    assert.deepEqual(missingFields(har), []);
    delete har.log.entries[0].request.url;
    har.log.entries[2].response.status = '201';
    har.log.entries[1].timings = {};
    assert.deepEqual(missingFields(har), [
      'log.entries[0].request.url: not a string',
      'log.entries[1].timings.send: not a number',
      'log.entries[1].timings.wait: not a number',
      'log.entries[1].timings.receive: not a number',
      'log.entries[2].response.status: not a number',
    ]);
  });
});

// ------------------------------------------------ exchanges to write: test/unit/fixtures/har/exchanges.ts

describe('toHar writes valid HAR 1.2', () => {
  const har = toHar(plain, { secrets: new Secrets(), baseUrl: BASE, creator: { name: 'response-conformance', version: '0.2.0' }, pageUrl: 'https://frontend.example/' });
  const parsed = JSON.parse(JSON.stringify(har)) as Har;

  it('has every field HAR 1.2 requires, with its type, in every entry', () => {
    assert.equal(parsed.log.version, '1.2');
    assert.equal(parsed.log.entries.length, plain.length);
    assert.deepEqual(missingFields(parsed), []);
    assert.deepEqual(postDataProblems(parsed), []);
  });

  it('writes each url as the base origin followed by the request target, with its query string', () => {
    const first = parsed.log.entries[0].request;
    assert.equal(first.url, 'http://127.0.0.1:8000/api/items?limit=5&q=tea+pot');
    assert.deepEqual(first.queryString, [{ name: 'limit', value: '5' }, { name: 'q', value: 'tea pot' }]);
    assert.equal(first.httpVersion, 'HTTP/1.1');
    assert.equal(parsed.log.pages?.[0].title, 'https://frontend.example/');
    assert.equal(parsed.log.entries[0].pageref, parsed.log.pages?.[0].id);
  });

  it('writes a text body as text', () => {
    assert.deepEqual(parsed.log.entries[0].response.content, { size: 26, mimeType: 'application/json', text: '[{"id":1,"name":"Teapot"}]' });
    assert.deepEqual(parsed.log.entries[1].request.postData, { mimeType: 'application/json', text: '{"name":"Kettle"}' });
  });

  it('writes a binary body in base64, with encoding "base64"', () => {
    const content = parsed.log.entries[2].response.content;
    assert.equal(content.encoding, 'base64');
    assert.deepEqual(Buffer.from(content.text!, 'base64'), plain[2].response!.body.prefix);
  });

  it('says a body is a truncated prefix, with content.size the whole size', () => {
    const content = parsed.log.entries[1].response.content;
    assert.equal(content.text, '{"id":1,');
    assert.equal(content.size, 1_500_000);
    assert.match(content.comment ?? '', /^truncated: the first 8 bytes of 1500000 bytes$/);
    assert.equal(parsed.log.entries[0].response.content.comment, undefined, 'a whole body says nothing');
  });

  it('writes an exchange that failed with no answer as browsers write a failed request: status 0 and _error', () => {
    const failed = parsed.log.entries[3];
    assert.equal(failed.response.status, 0);
    assert.equal((failed.response as { _error?: unknown })._error, 'the target did not answer within 30000 ms');
    assert.deepEqual(failed._failure, { kind: 'target-timed-out', message: 'the target did not answer within 30000 ms', answeredWith: 504 });
  });

  it('keeps a deletion cookie whole: it holds nothing to hide', () => {
    assert.deepEqual(parsed.log.entries[4].response.headers, [{ name: 'Set-Cookie', value: 'sid=; Max-Age=0; Path=/' }]);
    assert.deepEqual(parsed.log.entries[4].response.cookies, [{ name: 'sid', value: '', path: '/' }]);
  });
});

// ------------------------------------------------ secrets

describe('no secret reaches the HAR, and the HAR stays valid', () => {
  const secrets = new Secrets().addHeader('X-Api-Key', API_KEY).add(PASSWORD);
  const text = JSON.stringify(toHar(withSecrets, { secrets, baseUrl: BASE }));
  const parsed = JSON.parse(text) as Har;
  const entries = parsed.log.entries;

  for (const [name, secret] of Object.entries({ TOKEN, PASSWORD, API_KEY, SESSION, QUERY_TOKEN, FORM_SECRET, ISSUED })) {
    it(`holds no ${name} anywhere in the serialised HAR, in plain text or percent-encoded`, () => {
      assert.equal(text.includes(secret), false, `${name} found`);
      assert.equal(text.includes(encodeURIComponent(secret)), false, `${name} found percent-encoded`);
      assert.equal(text.includes(Buffer.from(secret).toString('base64').slice(0, 12)), false, `${name} found in base64`);
    });
  }

  it('still parses and still has every required field', () => {
    assert.deepEqual(missingFields(parsed), []);
    assert.deepEqual(postDataProblems(parsed), []);
  });

  it('masks Authorization, Cookie and --header fields whole, and each Set-Cookie value with its attributes kept', () => {
    assert.deepEqual(entries[0].request.headers.find((h) => h.name === 'X-Api-Key')?.value, MASK);
    assert.deepEqual(entries[1].request.headers.find((h) => h.name === 'Authorization')?.value, MASK);
    assert.deepEqual(entries[1].request.headers.find((h) => h.name === 'Cookie')?.value, MASK);
    assert.equal(entries[0].response.headers.find((h) => h.name === 'Set-Cookie')?.value, `sid=${MASK}; Path=/; HttpOnly; SameSite=None; Secure`);
  });

  it('masks the values of the cookies arrays and keeps their names and attributes', () => {
    assert.deepEqual(entries[1].request.cookies, [{ name: 'sid', value: MASK }, { name: 'theme', value: MASK }]);
    assert.deepEqual(entries[0].response.cookies, [{ name: 'sid', value: MASK, path: '/', httpOnly: true, secure: true, sameSite: 'None' }]);
  });

  it('masks query parameters named like credentials, in url and in queryString, and keeps the others', () => {
    assert.equal(entries[1].request.url, `${BASE}/api/items?access_token=${MASK}&limit=5`);
    assert.deepEqual(entries[1].request.queryString, [{ name: 'access_token', value: MASK }, { name: 'limit', value: '5' }]);
    assert.equal(entries[0].request.url, `${BASE}/api/login?next=%2Fhome`, 'nothing to mask: the url byte for byte');
  });

  it('masks a known secret inside a query value, even percent-encoded', () => {
    assert.equal(entries[3].request.url, `${BASE}/api/search?q=${MASK}`);
  });

  it('masks credentials in URL-valued headers (Referer, Location) and in redirectURL', () => {
    assert.equal(entries[1].request.headers.find((h) => h.name === 'Referer')?.value, `https://frontend.example/?token=${MASK}`);
    assert.equal(entries[1].response.redirectURL, `/next?api_key=${MASK}`);
  });

  it('masks credential members of a JSON body, and keeps it JSON', () => {
    assert.deepEqual(JSON.parse(entries[0].request.postData!.text!), { user: 'ann', password: MASK });
    assert.deepEqual(JSON.parse(entries[0].response.content.text!), { access_token: MASK, refresh_token: MASK, user: { name: 'ann' } });
  });

  it('masks a credential member of a JSON prefix cut short', () => {
    assert.equal(entries[3].response.content.text, `{"echo": "${MASK}", "passw`);
  });

  it('masks credential fields of a form body, written as text only (HAR 1.2: text and params are exclusive)', () => {
    const postData = entries[2].request.postData!;
    assert.equal(postData.text, `grant_type=client_credentials&client_secret=${MASK}&scope=read`);
    assert.equal(postData.params, undefined);
  });

  it("masks the traffic's own credentials wherever they are echoed, and a secret inside a binary body byte for byte", () => {
    assert.equal(entries[1].response.content.text, `your session is ${MASK}, your token ${MASK}, sent as ${MASK}`);
    const binary = Buffer.from(entries[2].response.content.text!, 'base64');
    assert.deepEqual(binary, Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(MASK), Buffer.from([0x00, 0x81])]));
  });

  it("masks Basic credentials' password wherever it is echoed decoded", () => {
    const basic = `Basic ${Buffer.from(`ann:${PASSWORD}`).toString('base64')}`;
    const har = toHar(
      [exchange(1, { request: { method: 'GET', target: '/', httpVersion: '1.1', headers: [['Authorization', basic]], body: EMPTY }, response: { status: 200, statusText: 'OK', headers: [], body: body(`hello ann, ${PASSWORD}`) } })],
      { secrets: new Secrets(), baseUrl: BASE },
    );
    const text = JSON.stringify(har);
    assert.equal(text.includes(PASSWORD), false);
    assert.equal(text.includes(basic.slice(6)), false);
    assert.equal(har.log.entries[0].response.content.text, `hello ann, ${MASK}`);
  });

  it('masks a credential member of a JSON prefix cut inside a character (written in base64)', () => {
    const cut = Buffer.from(`{"password": "${FORM_SECRET}", "name": "café`).subarray(0, -1);
    const har = toHar(
      [exchange(1, { request: { method: 'POST', target: '/', httpVersion: '1.1', headers: [['Content-Type', 'application/json']], body: body(cut, 1000) } })],
      { secrets: new Secrets(), baseUrl: BASE },
    );
    const postData = har.log.entries[0].request.postData as { text: string; _encoding?: string };
    assert.equal(postData._encoding, 'base64');
    assert.equal(Buffer.from(postData.text, 'base64').toString('latin1').includes(FORM_SECRET), false);
    assert.match(Buffer.from(postData.text, 'base64').toString('latin1'), /^\{"password": "\[REDACTED\]", "name": "caf/);
  });

  it('masks a short credential query value where it stands, and never the same word elsewhere', () => {
    const har = toHar(
      [exchange(1, { request: { method: 'GET', target: '/api/items?token=1&page=1', httpVersion: '1.1', headers: [], body: EMPTY }, response: { status: 200, statusText: 'OK', headers: [], body: body('page 1') } })],
      { secrets: new Secrets(), baseUrl: BASE },
    );
    assert.deepEqual(har.log.entries[0].request.queryString, [{ name: 'token', value: MASK }, { name: 'page', value: '1' }]);
    assert.equal(har.log.entries[0].response.content.text, 'page 1');
  });

  it('leaves a short cookie value ("dark") unsearched elsewhere: masking it would mask ordinary words', () => {
    const har = toHar(
      [exchange(1, { request: { method: 'GET', target: '/', httpVersion: '1.1', headers: [['Cookie', 'theme=dark']], body: EMPTY }, response: { status: 200, statusText: 'OK', headers: [], body: body('a dark theme') } })],
      { secrets: new Secrets(), baseUrl: BASE },
    );
    assert.equal(har.log.entries[0].response.content.text, 'a dark theme');
  });
});

// ------------------------------------------------ reading browsers' HARs

describe('reading a HAR written by Chromium', () => {
  const { exchanges, problems, omissions } = readHar(fixture('chromium.har'), 'chromium.har');

  it('reads every entry, heads as lists of fields without HTTP/2 pseudo-headers', () => {
    assert.deepEqual(problems, []);
    assert.equal(exchanges.length, 3);
    const [first] = exchanges;
    assert.equal(first.request.method, 'GET');
    assert.equal(first.request.target, '/api/items?limit=5');
    assert.equal(first.request.httpVersion, '2.0');
    assert.equal(first.request.headers.some(([name]) => name.startsWith(':')), false);
    assert.deepEqual(first.request.headers.find(([name]) => name === 'cookie'), ['cookie', 'sid=s3ss10n-1d']);
    assert.equal(first.response?.status, 200);
    assert.equal(first.response?.body.prefix.toString(), '[{"id":1,"name":"Teapot"}]');
    assert.equal(first.response?.body.truncated, false);
    assert.equal(first.durationMs, 35.2);
    assert.equal(first.seq, 1);
  });

  it('reads a request body from postData', () => {
    assert.equal(exchanges[1].request.body.prefix.toString(), '{"name":"Kettle"}');
    assert.equal(exchanges[1].request.body.size, 17);
  });

  it('reads a body that is missing as an empty prefix of the size content.size says', () => {
    assert.deepEqual(exchanges[1].response?.body, { prefix: Buffer.alloc(0), size: 40, truncated: true });
  });

  it('reads status 0 with _error (a request CORS blocked) as a browser-failed exchange', () => {
    assert.equal(exchanges[2].response, undefined);
    assert.deepEqual(exchanges[2].failure, { kind: 'browser-failed', message: 'net::ERR_FAILED' });
  });

  it('lists what it leaves out, once each: missing response bodies, no preflights, bare failures', () => {
    assert.deepEqual(omissions, [
      'response bodies (content.text) are missing for 1 of 2 answered entries: the response-model rules cannot judge them',
      'the HAR has no preflight requests, though 1 cross-origin requests needed one (Chromium leaves OPTIONS preflights out of its HAR): the preflight rules cannot be judged',
      'the browser gives no reason for 1 failed requests beyond a network error (a HAR does not say whether CORS blocked them, nor what the server answered)',
    ]);
  });
});

describe('reading a HAR written by Firefox', () => {
  const { exchanges, problems, omissions } = readHar(fixture('firefox.har'), 'firefox.har');

  it('reads the preflight, the request it let through, a binary body in base64 and a blocked request', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(exchanges.map((e) => `${e.request.method} ${e.request.target} ${e.response?.status ?? e.failure?.kind}`), [
      'OPTIONS /api/items/1 204',
      'PUT /api/items/1 200',
      'GET /api/items/1/picture 200',
      'DELETE /api/session browser-failed',
    ]);
    assert.equal(exchanges[0].request.httpVersion, '2.0');
    assert.deepEqual(exchanges[2].response?.body.prefix, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    assert.deepEqual(exchanges[1].response?.headers.find(([name]) => name === 'set-cookie'), ['set-cookie', 'seen=1; Path=/; SameSite=None; Secure']);
  });

  it('gives a failure without a reason a sentence that says so', () => {
    assert.deepEqual(exchanges[3].failure, { kind: 'browser-failed', message: 'the browser recorded no answer (status 0) and no reason' });
  });

  it('has preflights and bodies, so it lists only the bare failure', () => {
    assert.deepEqual(omissions, [
      'the browser gives no reason for 1 failed requests beyond a network error (a HAR does not say whether CORS blocked them, nor what the server answered)',
    ]);
  });
});

describe('reading a HAR written by Playwright', () => {
  const { exchanges, problems, omissions } = readHar(fixture('playwright.har'), 'playwright.har');

  it('decodes a base64 body, and reads status -1 with _failureText as a browser-failed exchange', () => {
    assert.deepEqual(problems, []);
    assert.equal(exchanges[0].response?.body.prefix.toString(), '[{"id":1,"name":"Teapot"}]');
    assert.equal(exchanges[0].request.body.size, undefined, 'bodySize -1: not known');
    assert.equal(exchanges[2].response, undefined);
    assert.deepEqual(exchanges[2].failure, { kind: 'browser-failed', message: 'net::ERR_FAILED' });
    assert.equal(exchanges[2].durationMs, 0, 'time -1 is no duration');
  });

  it('lists a body kept in a separate file as missing, the missing request body, the missing preflight and the missing credentials', () => {
    assert.deepEqual(omissions, [
      'response bodies (content.text) are missing for 1 of 2 answered entries: the response-model rules cannot judge them',
      'request bodies (postData) are missing for 1 POST, PUT or PATCH entries',
      'the HAR has no preflight requests, though 1 cross-origin requests needed one (Chromium leaves OPTIONS preflights out of its HAR): the preflight rules cannot be judged',
      'the browser gives no reason for 1 failed requests beyond a network error (a HAR does not say whether CORS blocked them, nor what the server answered)',
      'no entry has a Cookie, Set-Cookie or Authorization header: if the HAR was exported sanitized (Chromium\'s default "Export HAR (sanitized)"), the cookie rules and the credentials as sent cannot be judged',
    ]);
  });
});

describe('reading bad input', () => {
  it('refuses a text that is not JSON with one HarError, HAR_NOT_JSON, naming the source', () => {
    assert.throws(() => readHar(fixture('not-json.har'), 'not-json.har'), (error: unknown) => {
      assert.ok(error instanceof HarError);
      assert.equal(error.code, 'HAR_NOT_JSON');
      assert.match(error.message, /^not-json\.har is not a HAR: it is not JSON/);
      return true;
    });
  });

  it('refuses JSON without log.entries with one HarError, HAR_NO_ENTRIES', () => {
    for (const text of [fixture('no-entries.har'), '[]', 'null', '{"log": {"entries": {}}}']) {
      assert.throws(() => readHar(text, 'x.har'), (error: unknown) => error instanceof HarError && error.code === 'HAR_NO_ENTRIES', text);
    }
  });

  it('reads the good entries around a bad one, and gives the bad one one problem', () => {
    const { exchanges, problems } = readHar(fixture('one-bad-entry.har'), 'one-bad-entry.har');
    assert.deepEqual(exchanges.map((e) => `${e.seq} ${e.request.method} ${e.request.target}`), ['1 GET /a', '3 POST /b']);
    assert.deepEqual(problems, [{ entry: 2, message: 'request.url "/relative/only" is not an absolute URL' }]);
  });

  it('gives each kind of bad entry a problem that says what is wrong', () => {
    const good = JSON.parse(fixture('one-bad-entry.har')).log.entries[0];
    const bad = [
      42,
      { ...good, request: undefined },
      { ...good, request: { ...good.request, method: 7 } },
      { ...good, response: { ...good.response, status: 'OK' } },
      { ...good, request: { ...good.request, headers: [{ name: 'A' }] } },
      { ...good, response: { ...good.response, headers: 'A: 1' } },
      { ...good, response: { ...good.response, content: { size: 1, mimeType: 'text/plain', text: 5 } } },
    ];
    const { exchanges, problems } = readHar(JSON.stringify({ log: { entries: bad } }), 'bad.har');
    assert.equal(exchanges.length, 0);
    assert.deepEqual(problems, [
      { entry: 1, message: 'the entry is not an object' },
      { entry: 2, message: 'request is missing or not an object' },
      { entry: 3, message: 'request.method is missing or not a string' },
      { entry: 4, message: 'response.status is missing or not a number' },
      { entry: 5, message: 'request.headers[0] is not a {name, value} pair of strings' },
      { entry: 6, message: 'response.headers is not a list of {name, value}' },
      { entry: 7, message: 'response.content.text is not a string' },
    ]);
  });

  it('reads a form body given only as postData.params as the form it was sent as', () => {
    const entry = JSON.parse(fixture('one-bad-entry.har')).log.entries[2];
    entry.request.postData = { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'a', value: '1' }, { name: 'b', value: 'x y' }] };
    const { exchanges } = readHar(JSON.stringify({ log: { entries: [entry] } }), 'form.har');
    assert.equal(exchanges[0].request.body.prefix.toString(), 'a=1&b=x%20y');
  });

  it('keeps at most maxBody bytes of a body, and says the prefix is truncated', () => {
    const { exchanges } = readHar(fixture('chromium.har'), 'chromium.har', { maxBody: 4 });
    assert.deepEqual(exchanges[0].response?.body, { prefix: Buffer.from('[{"i'), size: 26, truncated: true });
  });
});

// ------------------------------------------------ round trip

describe('toHar → JSON → readHar gives back the exchanges', () => {
  it('gives back heads, statuses, bodies, failures and order unchanged when nothing is secret', () => {
    const { exchanges, problems } = readHar(JSON.stringify(toHar(plain, { secrets: new Secrets(), baseUrl: BASE })), 'written.har');
    assert.deepEqual(problems, []);
    assert.deepEqual(exchanges, plain);
  });

  it('gives back the exchanges with their secrets masked', () => {
    const secrets = new Secrets().addHeader('X-Api-Key', API_KEY);
    const { exchanges, problems } = readHar(JSON.stringify(toHar(withSecrets, { secrets, baseUrl: BASE })), 'written.har');
    assert.deepEqual(problems, []);
    assert.equal(exchanges.length, withSecrets.length);
    const second = exchanges[1];
    assert.equal(second.request.target, `/api/items?access_token=${MASK}&limit=5`);
    assert.deepEqual(second.request.headers.slice(0, 2), [['Authorization', MASK], ['Cookie', MASK]]);
    assert.equal(second.response?.status, 200);
    assert.deepEqual(exchanges[0].response?.headers, [['Content-Type', 'application/json'], ['Set-Cookie', `sid=${MASK}; Path=/; HttpOnly; SameSite=None; Secure`]]);
    assert.equal(exchanges[3].response?.body.truncated, true);
    assert.equal(exchanges[3].response?.body.size, 100);
    assert.equal(JSON.stringify(exchanges).includes(TOKEN), false);
  });
});

describe('reading only the entries to one origin (observe --har --target)', () => {
  const entry = (url: string) => ({ startedDateTime: ISSUED, time: 1, request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 }, response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 }, cache: {}, timings: { send: 0, wait: 1, receive: 0 } });
  const har = JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [entry('http://127.0.0.1:5173/'), entry('http://127.0.0.1:8000/api/items'), entry('https://cdn.example/app.js'), entry('http://127.0.0.1:8000/api/me')] } });
  it("keeps the entries to the origin, in order, and counts the others by origin", () => {
    const reading = readHar(har, 'x.har', { origin: 'http://127.0.0.1:8000' });
    assert.deepEqual(reading.exchanges.map((e) => e.request.target), ['/api/items', '/api/me']);
    assert.deepEqual(reading.elsewhere, { 'http://127.0.0.1:5173': 1, 'https://cdn.example': 1 });
  });
  it('without an origin, reads every entry', () => {
    const reading = readHar(har, 'x.har');
    assert.equal(reading.exchanges.length, 4);
    assert.deepEqual(reading.elsewhere, {});
  });
});
