/**
 * Real, valid documents never abort the audit (issue 27). A small node:http
 * API that keeps every promise of its document, and whose document holds
 * what once aborted the audit or raised a false alarm on APIs.guru's
 * directory: `nullable: false` beside an allOf with no type, a nullable
 * reference (allOf: [$ref] + nullable: true), a pattern Ajv's `u` flag
 * refuses (DigitalOcean's), one that needs it (AWS EFS's `\p{L}`), a
 * recursive schema reached by a `$ref` with a sibling keyword (3.1) or by
 * allOf beside nullable (3.0), and the OpenAPI specification's own Pet/Cat
 * discriminator example. The audit finds nothing (exit 0). The one schema no
 * ECMA-262 engine reads is a note on its operation, with its pointer; every
 * other operation is judged.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allFindings, exitCodeOf, runAudit, type AuditReport } from '../../runner/audit/index';
import { auditJson } from '../../runner/audit/json';
import { auditJunitXml } from '../../runner/audit/junit';
import { auditHtml } from '../../runner/audit/html';
import { formatAuditText } from '../../runner/cli/audit-format';
import { parseAuditCommand } from '../../runner/cli/options';
import { styleFor } from '../../runner/cli/terminal';

const ORIGIN = 'https://app.example';
const json = (schema: unknown) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
const PET = {
  Pet: { type: 'object', required: ['petType'], properties: { name: { type: 'string' }, petType: { type: 'string' } }, discriminator: { propertyName: 'petType' } },
  Cat: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { huntingSkill: { type: 'string' } }, required: ['huntingSkill'] }] },
};

const DOCUMENT_30 = {
  openapi: '3.0.3',
  info: { title: 'Real schemas', version: '1' },
  paths: {
    '/nullable-false': { get: { responses: json({ nullable: false, allOf: [{ $ref: '#/components/schemas/Item' }] }) } },
    '/nullable-reference': { get: { responses: json({ type: 'object', properties: { owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/Item' }] } } }) } },
    '/patterns': { get: { responses: json({ type: 'object', properties: { tag: { type: 'string', pattern: '^[a-zA-Z0-9_\\-\\:]+$' }, name: { type: 'string', pattern: '^[\\p{L}\\p{Z}]+$' } } }) } },
    '/tree': { get: { responses: json({ $ref: '#/components/schemas/Node' }) } },
    '/pet': { get: { responses: json({ $ref: '#/components/schemas/Pet' }) } },
    '/broken': { get: { responses: json({ type: 'object', properties: { code: { type: 'string', pattern: '^[a-' } } }) } },
  },
  components: {
    schemas: {
      Item: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
      Node: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, parent: { nullable: true, allOf: [{ $ref: '#/components/schemas/Node' }] } } },
      ...PET,
    },
  },
};

const DOCUMENT_31 = {
  openapi: '3.1.0',
  info: { title: 'Real schemas 3.1', version: '1' },
  paths: {
    '/tree': { get: { responses: json({ $ref: '#/components/schemas/Node' }) } },
    '/pet': { get: { responses: json({ $ref: '#/components/schemas/Pet' }) } },
  },
  components: {
    schemas: {
      Node: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, parent: { $ref: '#/components/schemas/Node', description: 'the node above' } } },
      ...PET,
    },
  },
};

/** What each path answers: what its document promises, in both versions. */
const BODIES: Record<string, unknown> = {
  '/nullable-false': { id: 1 },
  '/nullable-reference': { owner: null },
  '/patterns': { tag: 'size:s-1_a', name: 'Été Noël' },
  '/tree': { name: 'c', parent: { name: 'b', parent: { name: 'a' } } },
  '/pet': { petType: 'Cat', name: 'Tom', huntingSkill: 'lazy' },
  '/broken': { code: 'x' },
};

/** CORS as a careful server does it: only ORIGIN, with credentials, Vary: Origin always. */
function start(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const headers: Record<string, string> = { Vary: 'Origin' };
    if (req.headers.origin === ORIGIN) Object.assign(headers, { 'Access-Control-Allow-Origin': ORIGIN, 'Access-Control-Allow-Credentials': 'true' });
    if (req.method === 'OPTIONS') {
      if (req.headers.origin === ORIGIN) Object.assign(headers, { 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '' });
      res.writeHead(204, headers).end();
      return;
    }
    const body = path === '/openapi.json' ? DOCUMENT_30 : path === '/v31/openapi.json' ? DOCUMENT_31 : BODIES[path];
    if (body === undefined) {
      res.writeHead(404, { ...headers, 'Content-Type': 'application/json' }).end('{"detail":"Not Found"}');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'application/json' }).end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

async function audit(target: string, extra: string[] = []): Promise<AuditReport> {
  const command = parseAuditCommand(['--target', target, '--origin', ORIGIN, '--no-browser', ...extra]);
  if (command.kind !== 'audit') throw new Error('not an audit');
  return runAudit(command.options);
}

describe('real documents\' schemas never abort the audit, nor raise a false alarm', () => {
  let api: { url: string; server: Server };
  before(async () => (api = await start()));
  after(() => api.server.close());

  describe('OpenAPI 3.0: nullable in every form, ECMA-262 patterns, a recursive nullable reference, Pet/Cat, and one schema no engine reads', () => {
    let report: AuditReport;
    before(async () => (report = await audit(api.url)));
    it('judges every operation, and finds nothing: exit 0', () => {
      assert.equal(report.error, undefined);
      assert.deepEqual(report.routes.map((r) => `${r.method} ${r.operation} ${r.status}`), Object.keys(DOCUMENT_30.paths).map((p) => `GET ${p} 200`));
      assert.deepEqual(allFindings(report).map((f) => `${f.id}: ${f.message}`), []);
      assert.equal(exitCodeOf(report), 0);
    });
    it('the schema that cannot be compiled is a note on its operation: its pointer, Ajv\'s words, the body unchecked', () => {
      const noted = report.routes.filter((r) => r.unchecked !== undefined);
      assert.deepEqual(noted.map((r) => r.operation), ['/broken']);
      const [unchecked] = noted[0].unchecked ?? [];
      assert.deepEqual([unchecked.unchecked, unchecked.pointer], ['body', '#/paths/~1broken/get/responses/200/content/application~1json/schema']);
      assert.match(unchecked.problem, /Invalid regular expression/);
    });
    it('the note reaches every output: the terminal, the JSON (which parses), the JUnit (skipped), the HTML', () => {
      assert.match(formatAuditText(report, styleFor({ isTTY: false })), /^GET \/broken  200 OK\n(.*\n)*?  note        the body was not checked against its schema \(nor for undeclared fields\): the schema at #\/paths\/~1broken\/get\/responses\/200\/content\/application~1json\/schema cannot be compiled \(/m);
      const parsed = JSON.parse(auditJson(report)) as AuditReport;
      assert.equal(parsed.routes.find((r) => r.operation === '/broken')?.unchecked?.[0].pointer, '#/paths/~1broken/get/responses/200/content/application~1json/schema');
      assert.match(auditJunitXml(report), /<testcase classname="response-conformance.audit.GET \/broken" name="the body fits its schema">\s*<skipped\/>/);
      assert.match(auditHtml(report), /the body was not checked against its schema \(nor for undeclared fields\): the schema at #\/paths\/~1broken/);
    });
  });

  describe('OpenAPI 3.1: a recursive schema reached by $ref with a sibling keyword, and Pet/Cat', () => {
    let report: AuditReport;
    before(async () => (report = await audit(api.url, ['--openapi', `${api.url}/v31/openapi.json`])));
    it('judges every operation, and finds nothing: exit 0, no note', () => {
      assert.equal(report.error, undefined);
      assert.deepEqual(report.routes.map((r) => `${r.operation} ${r.unchecked === undefined ? 'checked' : 'unchecked'}`), ['/tree checked', '/pet checked']);
      assert.deepEqual(allFindings(report).map((f) => f.id), []);
      assert.equal(exitCodeOf(report), 0);
    });
  });

  describe('honest both ways: the same API answering what its document does not declare is caught', () => {
    it('a Cat with a field neither Pet nor Cat declares is an undeclared-field', async () => {
      const leaky = createServer((req, res) => {
        const path = (req.url ?? '/').split('?')[0];
        const headers = { Vary: 'Origin', 'Content-Type': 'application/json', ...(req.headers.origin === ORIGIN ? { 'Access-Control-Allow-Origin': ORIGIN, 'Access-Control-Allow-Credentials': 'true' } : {}) };
        const body = path === '/openapi.json' ? { ...DOCUMENT_31, paths: { '/pet': DOCUMENT_31.paths['/pet'] } } : { ...(BODIES['/pet'] as object), password: 'hunter2' };
        res.writeHead(200, headers).end(JSON.stringify(body));
      });
      await new Promise<void>((resolve) => leaky.listen(0, '127.0.0.1', resolve));
      try {
        const report = await audit(`http://127.0.0.1:${(leaky.address() as AddressInfo).port}`);
        assert.deepEqual(allFindings(report).map((f) => f.id), ['undeclared-field']);
        assert.match(allFindings(report)[0].message, /\/password/);
        assert.equal(exitCodeOf(report), 1);
      } finally {
        leaky.close();
      }
    });
  });
});
