/**
 * The peer: the suite's HTTP exchanges as a Postman collection for newman,
 * each request carrying the checks the suite makes of that answer: its
 * status, the contract's headers, the cookies it sets and its JSON body.
 * (newman cannot judge what a browser script may read; those checks become
 * plain header checks, which is less work, not more.)
 */
import type { RecordedExchange } from './record';

const CHECKED_HEADERS = [
  'x-cat-dog',
  'content-language',
  'x-hidden',
  'x-request-source',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-allow-methods',
  'vary',
];

function testsFor(exchange: RecordedExchange): string[] {
  const lines = [`pm.test('status', () => pm.response.to.have.status(${exchange.status}));`];
  for (const name of CHECKED_HEADERS) {
    const value = exchange.responseHeaders.find(([n]) => n.toLowerCase() === name)?.[1];
    if (value !== undefined) lines.push(`pm.test('${name}', () => pm.expect(pm.response.headers.get(${JSON.stringify(name)})).to.eql(${JSON.stringify(value)}));`);
  }
  const cookies = exchange.responseHeaders.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => v.split('=')[0]);
  if (cookies.length > 0) {
    lines.push(`pm.test('cookies', () => pm.expect(pm.response.headers.all().filter((h) => h.key.toLowerCase() === 'set-cookie').map((h) => h.value.split('=')[0])).to.eql(${JSON.stringify(cookies)}));`);
  }
  try {
    const json = JSON.parse(exchange.responseBody);
    lines.push(`pm.test('body', () => pm.expect(pm.response.json()).to.eql(${JSON.stringify(json)}));`);
  } catch {
    // no JSON body to check
  }
  return lines;
}

export function newmanCollection(exchanges: readonly RecordedExchange[]): object {
  return {
    info: { name: 'response-conformance (peer benchmark)', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: 'base', value: 'http://127.0.0.1:8000' }],
    item: exchanges.map((exchange, i) => ({
      name: `${i + 1} ${exchange.method} ${exchange.path}`,
      request: {
        method: exchange.method,
        url: `{{base}}${exchange.path}`,
        header: exchange.headers.map(([key, value]) => ({ key, value })),
        ...(exchange.body === '' ? {} : { body: { mode: 'raw', raw: exchange.body } }),
      },
      event: [{ listen: 'test', script: { type: 'text/javascript', exec: testsFor(exchange) } }],
    })),
  };
}
