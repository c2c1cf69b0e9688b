/**
 * The document's text (openapi/fetch.ts), as the audit and the sentences
 * about the document both read it: the target's /openapi.json by default,
 * an http(s) URL, or a file; what goes wrong is one DocumentFetchError with
 * a stable code and the facts, and the rules where the callers differ.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DocumentFetchError, fetchDocumentText, isDocumentUrl, type FetchRules, type FetchSettings } from '../../openapi/fetch';

const AUDIT: FetchRules = { urls: 'http', ok: '2xx', headers: 'after-accept' };
const STEPS: FetchRules = { urls: 'any-scheme', ok: '200', headers: 'with-client' };
const DOCUMENT = '{"openapi":"3.1.0"}';

interface Seen {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** A server answering by path: /moved redirects, /moved-nowhere has no Location, anything under /missing 404s, /empty 204s, else the document. */
function documentServer(seen: Seen[]): Server {
  return createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const at = (req.url ?? '').split('?')[0];
    if (at.endsWith('/moved')) res.writeHead(301, { Location: '/elsewhere.json' }).end();
    else if (at.endsWith('/moved-nowhere')) res.writeHead(302).end();
    else if (at.includes('/missing')) res.writeHead(404).end('no');
    else if (at.endsWith('/empty')) res.writeHead(204).end();
    else res.writeHead(200, { 'Content-Type': 'application/json' }).end(DOCUMENT);
  });
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const seen: Seen[] = [];
const seenElsewhere: Seen[] = [];
const server = documentServer(seen);
const elsewhere = documentServer(seenElsewhere);
let target: string;
let other: string;
let closedPort: string;
before(async () => {
  target = await listening(server);
  other = await listening(elsewhere);
  const closed = createServer();
  closedPort = await listening(closed);
  await new Promise((resolve) => closed.close(resolve));
});
after(() => {
  server.close();
  elsewhere.close();
});

const settings = (extra: Partial<FetchSettings> = {}): FetchSettings => ({ target, timeoutMs: 5000, insecure: false, headers: [['X-Api-Key', 'k']], ...extra });
const last = (list: readonly Seen[]) => list[list.length - 1];

async function failure(promise: Promise<unknown>): Promise<DocumentFetchError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DocumentFetchError, `a DocumentFetchError, not ${String(error)}`);
    return error;
  }
  assert.fail('it did not reject');
}

describe('fetchDocumentText: the default document', () => {
  it('the target\'s /openapi.json, under its path prefix, with --header', async () => {
    const read = await fetchDocumentText(undefined, settings({ target: `${target}/api/` }), AUDIT);
    assert.deepEqual(read, { text: DOCUMENT, shown: `${target}/api/openapi.json`, url: `${target}/api/openapi.json` });
    assert.equal(last(seen).url, '/api/openapi.json');
    assert.equal(last(seen).headers['x-api-key'], 'k');
    assert.equal(last(seen).headers.accept, 'application/json, application/yaml;q=0.9, */*;q=0.1');
  });
  it('the target\'s userinfo as Basic credentials, never shown', async () => {
    const read = await fetchDocumentText(undefined, settings({ target: target.replace('//', '//ada:pw@') }), AUDIT);
    assert.equal(read.shown, `${target}/openapi.json`);
    assert.equal(last(seen).headers.authorization, `Basic ${Buffer.from('ada:pw').toString('base64')}`);
  });
});

describe('fetchDocumentText: a URL', () => {
  it('on the target\'s origin: --header is sent', async () => {
    const read = await fetchDocumentText(`${target}/docs/openapi.json?v=2`, settings(), STEPS);
    assert.deepEqual(read, { text: DOCUMENT, shown: `${target}/docs/openapi.json?v=2`, url: `${target}/docs/openapi.json?v=2` });
    assert.equal(last(seen).url, '/docs/openapi.json?v=2');
    assert.equal(last(seen).headers['x-api-key'], 'k');
  });
  it('on another origin: --header is not sent', async () => {
    for (const rules of [AUDIT, STEPS]) {
      await fetchDocumentText(`${other}/openapi.json`, settings(), rules);
      assert.equal(last(seenElsewhere).headers['x-api-key'], undefined);
    }
  });
  it('userinfo: sent as Basic, shown without, kept whole in url', async () => {
    const read = await fetchDocumentText(`${other.replace('//', '//ada:pw@')}/openapi.json`, settings(), AUDIT);
    assert.equal(read.shown, `${other}/openapi.json`);
    assert.equal(read.url, `${other.replace('//', '//ada:pw@')}/openapi.json`);
    assert.equal(last(seenElsewhere).headers.authorization, `Basic ${Buffer.from('ada:pw').toString('base64')}`);
  });
  it('headers "after-accept": a --header Accept replaces the suite\'s (the audit)', async () => {
    await fetchDocumentText(`${target}/openapi.json`, settings({ headers: [['Accept', 'text/yaml']] }), AUDIT);
    assert.equal(last(seen).headers.accept, 'text/yaml');
  });
  it('headers "with-client": the suite\'s Accept stands (the steps)', async () => {
    await fetchDocumentText(`${target}/openapi.json`, settings({ headers: [['Accept', 'text/yaml']] }), STEPS);
    assert.equal(last(seen).headers.accept, 'application/json, application/yaml;q=0.9, */*;q=0.1');
  });
});

describe('fetchDocumentText: answers that are not the document', () => {
  it('a 404: not-a-document, with the status and the URL shown', async () => {
    const error = await failure(fetchDocumentText(`${target.replace('//', '//ada:pw@')}/missing`, settings(), AUDIT));
    assert.equal(error.code, 'not-a-document');
    assert.equal(error.status, 404);
    assert.equal(error.url, `${target}/missing`);
  });
  it('the default document\'s 404: the URL as the client names it', async () => {
    const error = await failure(fetchDocumentText(undefined, settings({ target: `${target}/missing` }), AUDIT));
    assert.deepEqual([error.code, error.status, error.url], ['not-a-document', 404, `${target}/missing/openapi.json`]);
  });
  it('a redirect: redirect, with the Location, under either rules', async () => {
    for (const rules of [AUDIT, STEPS]) {
      const error = await failure(fetchDocumentText(`${target}/moved`, settings(), rules));
      assert.deepEqual([error.code, error.status, error.location, error.url], ['redirect', 301, '/elsewhere.json', `${target}/moved`]);
    }
  });
  it('a redirect without Location: location undefined', async () => {
    const error = await failure(fetchDocumentText(`${target}/moved-nowhere`, settings(), STEPS));
    assert.deepEqual([error.code, error.status, error.location], ['redirect', 302, undefined]);
  });
  it('ok "2xx": a 204 is the (empty) document', async () => assert.equal((await fetchDocumentText(`${target}/empty`, settings(), AUDIT)).text, ''));
  it('ok "200": a 204 is not-a-document', async () => {
    const error = await failure(fetchDocumentText(`${target}/empty`, settings(), STEPS));
    assert.deepEqual([error.code, error.status], ['not-a-document', 204]);
  });
  it('no answer: unreachable, with the TargetError\'s message', async () => {
    const error = await failure(fetchDocumentText(`${closedPort}/openapi.json`, settings(), STEPS));
    assert.equal(error.code, 'unreachable');
    assert.equal(error.message, `cannot reach GET ${closedPort}/openapi.json: ECONNREFUSED`);
    assert.equal(error.url, `${closedPort}/openapi.json`);
  });
});

describe('fetchDocumentText: a source that is not an http(s) URL', () => {
  it('not-a-url', async () => assert.equal((await failure(fetchDocumentText('http://[nope/openapi.json', settings(), AUDIT))).code, 'not-a-url'));
  it('urls "any-scheme": ftp:// is not-http, with the protocol', async () => {
    const error = await failure(fetchDocumentText('ftp://example.com/openapi.json', settings(), STEPS));
    assert.deepEqual([error.code, error.protocol], ['not-http', 'ftp:']);
  });
  it('urls "http": ftp:// is a file path', async () => assert.equal((await failure(fetchDocumentText('ftp://example.com/openapi.json', settings(), AUDIT))).code, 'no-such-file'));
  it('isDocumentUrl', () => {
    assert.deepEqual(['HTTPS://x/a', 'ftp://x/a', 'spec.json', '/abs/spec.json'].map((s) => [isDocumentUrl(s, 'http'), isDocumentUrl(s, 'any-scheme')]), [[true, true], [false, true], [false, false], [false, false]]);
  });
});

describe('fetchDocumentText: a file', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'openapi-fetch-'));
  const file = path.join(folder, 'openapi.json');
  writeFileSync(file, DOCUMENT);
  it('its text, shown as given', async () => assert.deepEqual(await fetchDocumentText(file, settings(), STEPS), { text: DOCUMENT, shown: file }));
  it('relative to the current directory', async () => {
    const relative = path.relative(process.cwd(), file);
    assert.deepEqual(await fetchDocumentText(relative, settings(), AUDIT), { text: DOCUMENT, shown: relative });
  });
  it('no-such-file, with the file as given and resolved', async () => {
    const error = await failure(fetchDocumentText('no/such/openapi.json', settings(), AUDIT));
    assert.deepEqual([error.code, error.file, error.path], ['no-such-file', 'no/such/openapi.json', path.resolve('no/such/openapi.json')]);
  });
  it('a-folder', async () => {
    const error = await failure(fetchDocumentText(folder, settings(), STEPS));
    assert.deepEqual([error.code, error.file, error.path], ['a-folder', folder, folder]);
  });
  it('unreadable: the system\'s code and message', async () => {
    const error = await failure(fetchDocumentText(path.join(file, 'inside'), settings(), STEPS));
    assert.equal(error.code, 'unreadable');
    assert.equal(error.systemCode, 'ENOTDIR');
    assert.match(error.detail ?? '', /^ENOTDIR/);
  });
});
