/**
 * Properties under random and adversarial input (fast-check): the parsers
 * never throw anything but their own error type, and the Fetch model never
 * grants a script more than the standard allows, whatever the server sends.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromRawHeaders, getCombined, isToken, tokenList, type HeaderList } from '../../http/header-list';
import { cookiesSet, foldedSetCookieFields } from '../../http/set-cookie';
import { mediaTypeEssence } from '../../http/media-type';
import { isCorsSafelistedResponseHeaderName, preflightVerdict, scriptView, type CorsRequest, type ScriptView } from '../../http/fetch-model';
import { parseCommand, UsageError } from '../../runner/cli/options';
import { parseBaseline } from '../../runner/run/baseline';

const RUNS = { numRuns: 400 };
const ORIGIN = 'https://frontend.example';

// Header values from the characters that matter to these parsers, and the rest of Unicode.
const tricky = fc.oneof(
  fc.string(),
  fc.stringMatching(/^[ \t,;=*"A-Za-z0-9-]*$/),
  fc.constantFrom('*', 'true', 'True', ORIGIN, `${ORIGIN}/`, 'null', '', ' ', ',', 'X-Cat-Dog', 'x-cat-dog, *', 'Set-Cookie', 'PUT', 'put', 'content-type'),
);
const names = fc.constantFrom(
  'Access-Control-Allow-Origin',
  'access-control-allow-origin',
  'Access-Control-Allow-Credentials',
  'Access-Control-Expose-Headers',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Set-Cookie',
  'set-cookie2',
  'X-Cat-Dog',
  'X-Hidden',
  'Content-Type',
  'Content-Language',
  '*',
);
const headerList = fc.array(fc.tuple(names, tricky), { maxLength: 12 }) as fc.Arbitrary<HeaderList>;
const request = fc.record({
  origin: fc.constant(ORIGIN),
  method: fc.constantFrom('GET', 'POST', 'PUT'),
  credentials: fc.constantFrom('include', 'omit') as fc.Arbitrary<CorsRequest['credentials']>,
  headers: fc.constantFrom([], [['Content-Type', 'application/json']], [['Content-Type', 'text/plain']]) as fc.Arbitrary<HeaderList>,
});

describe('parsers never throw on any input', () => {
  it('header lists', () =>
    fc.assert(
      fc.property(fc.array(fc.string()), fc.array(fc.tuple(fc.string(), fc.string())), fc.string(), (raw, list, name) => {
        fromRawHeaders(raw);
        const items = tokenList(list, name);
        assert.ok(items === null || items === 'failure' || items.every(isToken));
        getCombined(list, name);
      }),
      RUNS,
    ));
  it('Set-Cookie fields', () =>
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.stringMatching(/^[a-z=; ,A-Z0-9:-]*$/)), { maxLength: 5 }), (values) => {
        const list = values.map((v) => ['Set-Cookie', v] as const);
        cookiesSet(list);
        foldedSetCookieFields(list);
      }),
      RUNS,
    ));
  it('media types', () => fc.assert(fc.property(fc.option(fc.string(), { nil: null }), (value) => void mediaTypeEssence(value)), RUNS));
  it('command lines: a command, or a UsageError', () =>
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('--target', '--origin', '--timeout', '--header', '--retries', '--wait', '--tags', '--browser', '--no-browser', '--list'))), (argv) => {
        try {
          parseCommand(argv);
        } catch (error) {
          assert.ok(error instanceof UsageError, String(error));
        }
      }),
      RUNS,
    ));
  it('baseline files: a baseline, or a UsageError', () =>
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.constant('{"expected-failures":[{"id":"a","reason":"r","expires":"2026-02-30"}]}')), (text) => {
        try {
          parseBaseline('b.json', text, new Set(['a']));
        } catch (error) {
          assert.ok(error instanceof UsageError, String(error));
        }
      }),
      RUNS,
    ));
});

/** A property of what a script sees, for every request, answer and preflight answer fast-check makes. */
function forEveryAnswer(check: (req: CorsRequest, headers: HeaderList, view: ScriptView) => void): void {
  fc.assert(
    fc.property(request, headerList, headerList, (req, headers, preflightHeaders) => check(req, headers, scriptView(req, { status: 200, headers }, { status: 204, headers: preflightHeaders }))),
    RUNS,
  );
}

describe('the Fetch model never grants more than the standard allows', () => {
  it('a credentialed script reads a response only with its exact origin and credentials true', () =>
    forEveryAnswer((req, headers, view) => {
      if (!view.ok) return;
      const origin = getCombined(headers, 'Access-Control-Allow-Origin');
      if (req.credentials === 'include') {
        assert.equal(origin, ORIGIN);
        assert.equal(getCombined(headers, 'Access-Control-Allow-Credentials'), 'true');
      } else {
        assert.ok(origin === ORIGIN || origin === '*');
      }
    }));
  it('Set-Cookie and Set-Cookie2 are never readable', () =>
    forEveryAnswer((req, headers, view) => {
      if (view.ok) assert.ok(view.headers.every(([name]) => !/^set-cookie2?$/i.test(name)));
    }));
  it('a readable header is safelisted, or named in Access-Control-Expose-Headers (and "*" names only "*" with credentials)', () =>
    forEveryAnswer((req, headers, view) => {
      if (!view.ok) return;
      const listed = tokenList(headers, 'Access-Control-Expose-Headers');
      const exposed = Array.isArray(listed) ? listed : [];
      const everything = req.credentials !== 'include' && exposed.includes('*');
      for (const [name] of view.headers) assert.ok(everything || isCorsSafelistedResponseHeaderName(name, exposed), name);
    }));
  it('a credentialed PUT gets through a preflight only if PUT is listed exactly, not as "*"', () =>
    fc.assert(
      fc.property(headerList, fc.integer({ min: 100, max: 599 }), (headers, status) => {
        const req: CorsRequest = { origin: ORIGIN, method: 'PUT', credentials: 'include', headers: [] };
        if (!preflightVerdict(req, { status, headers }).ok) return;
        assert.ok(status >= 200 && status <= 299);
        const methods = tokenList(headers, 'Access-Control-Allow-Methods');
        assert.ok(Array.isArray(methods) && methods.includes('PUT'));
      }),
      RUNS,
    ));
});
