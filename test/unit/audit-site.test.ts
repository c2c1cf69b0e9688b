/** Same-site for the audit's cookie findings (schemeful same-site, RFC 6265bis §5.2). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sameSite, siteOf } from '../../rules/site';
import { parseRoute } from '../../runner/cli/options';

describe('sameSite', () => {
  const cases: [string, string, boolean][] = [
    ['https://shop.example', 'https://api.shop.example', true],
    ['https://shop.example', 'http://shop.example', false], // schemeful
    ['https://shop.example', 'https://shop.test', false],
    ['https://www.shop.co.uk', 'https://api.shop.co.uk', true],
    ['https://a.co.uk', 'https://b.co.uk', false],
    ['http://127.0.0.1:5173', 'http://127.0.0.1:8000', true], // an IP address is its own site, whatever the port
    ['https://shop.example', 'http://127.0.0.1:8000', false],
    ['http://localhost:3000', 'http://127.0.0.1:8000', false],
  ];
  for (const [a, b, same] of cases) it(`${a} and ${b} are ${same ? '' : 'not '}same-site`, () => assert.equal(sameSite(a, b), same));
  it('a site is the scheme and the registrable domain', () => assert.equal(siteOf('https://api.shop.example:8443/x'), 'https://shop.example'));
});

describe('--route', () => {
  it('a method and a path with a query', () => assert.deepEqual(parseRoute('GET /api/items?page=1'), { method: 'GET', path: '/api/items?page=1' }));
  it('a JSON body after the path', () => assert.deepEqual(parseRoute('POST /api/login {"a": 1}'), { method: 'POST', path: '/api/login', body: '{"a": 1}' }));
});
