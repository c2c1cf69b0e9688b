/**
 * The audit's origin probes, by default: the README's first command (`audit
 * --target URL --origin ORIGIN`, the browser on as it is by default) finds
 * an API that echoes any origin, and one that grants "null", even when the
 * API answers `*` to a plain request and echoes the origin only on its
 * preflights or on a request that carries a cookie, as Starlette's
 * CORSMiddleware does with allow_origins=["*"] and allow_credentials=True
 * (the Conduit backend). The shop as it is gets neither finding; a frontend
 * without credentials gets neither (echoing is what `*` does for it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PYTHON, shopArgs } from '../../examples/own-api/misconfigured';
import { allFindings, exitCodeOf, runAudit, type AuditReport } from '../../runner/audit/index';
import { PROBE_COOKIE } from '../../runner/audit/inspect';
import { parseAuditCommand } from '../../runner/cli/options';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { cli } from '../support/cli';

const FRONTEND = 'https://app.example';
const ids = (report: AuditReport) => [...new Set(allFindings(report).map((f) => f.id))].sort();
const originIds = (report: AuditReport) => report.findings.map((f) => f.id).filter((id) => id === 'origin-reflected' || id === 'null-origin-allowed').sort();

async function audit(target: string, extra: string[]): Promise<AuditReport> {
  const command = parseAuditCommand(['--target', target, '--origin', FRONTEND, '--no-browser', ...extra]);
  if (command.kind !== 'audit') throw new Error('not an audit');
  return runAudit(command.options);
}

describe('the README\'s first command against a FastAPI app configured as Conduit is (allow_origins=["*"], allow_credentials=True)', () => {
  let app: StartedProcess;
  before(async () => (app = await startListening(PYTHON, [...shopArgs(FRONTEND), '--allow-any-origin'])));
  after(() => app.stop());

  it('reports origin-reflected and null-origin-allowed, seen on the preflights, and exits 1', async () => {
    const { code, stdout, stderr } = await cli(['audit', '--target', app.url, '--origin', FRONTEND, '--format', 'json']);
    assert.equal(code, 1, stdout + stderr);
    const report = JSON.parse(stdout) as AuditReport;
    assert.deepEqual(originIds(report), ['null-origin-allowed', 'origin-reflected']);
    const reflected = report.findings.find((f) => f.id === 'origin-reflected')!;
    assert.match(reflected.message, /echoed Origin: https:\/\/audit-probe\.invalid on a preflight with credentials/);
    assert.match(reflected.message, /\(seen on GET \/api\/items/);
    assert.match(report.findings.find((f) => f.id === 'null-origin-allowed')!.message, /grants Origin: null on a preflight/);
  });

  it('reports neither for a frontend that sends no credentials (--credentials omit)', async () => {
    const report = await audit(app.url, ['--credentials', 'omit']);
    assert.deepEqual(originIds(report), []);
  });
});

describe('the README\'s first command against the shop', () => {
  it('as it is: neither origin-reflected nor null-origin-allowed', async () => {
    const shop = await startListening(PYTHON, shopArgs(FRONTEND));
    try {
      const { stdout, stderr } = await cli(['audit', '--target', shop.url, '--origin', FRONTEND, '--format', 'json']);
      const report = JSON.parse(stdout) as AuditReport;
      assert.deepEqual(originIds(report), [], stderr);
    } finally {
      await shop.stop();
    }
  });

  it('with "null" on its allow-list: null-origin-allowed (not origin-reflected), exit 1', async () => {
    const shop = await startListening(PYTHON, shopArgs(FRONTEND, 'null-origin-allowed'));
    try {
      const { code, stdout, stderr } = await cli(['audit', '--target', shop.url, '--origin', FRONTEND, '--format', 'json']);
      assert.equal(code, 1, stdout + stderr);
      assert.deepEqual(originIds(JSON.parse(stdout) as AuditReport), ['null-origin-allowed']);
    } finally {
      await shop.stop();
    }
  });
});

/** A list to call, and a DELETE the audit only preflights. */
const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'Echoes', version: '1' },
  paths: {
    '/items': { get: { responses: { '200': { description: 'the items', content: { 'application/json': { schema: { type: 'array' } } } } } } },
    '/items/{id}': { delete: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, example: 1 }], responses: { '204': { description: 'gone' } } } },
  },
};

/** A server granting the frontend, with its one way of echoing any other origin: on preflights only, or with a cookie only. */
function echoing(echoes: (req: IncomingMessage) => boolean): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const origin = req.headers.origin;
    if (origin === FRONTEND || (origin !== undefined && echoes(req))) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, DELETE');
      res.writeHead(204).end();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(req.url === '/openapi.json' ? JSON.stringify(DOCUMENT) : '[]');
  };
}

describe('each way of echoing any origin, found by the probe that shows it', () => {
  const servers: Server[] = [];
  const serve = async (handler: ReturnType<typeof echoing>) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  after(() => servers.forEach((s) => s.close()));

  it('only on preflights: origin-reflected and null-origin-allowed, on a preflight', async () => {
    const report = await audit(await serve(echoing((req) => req.method === 'OPTIONS')), ['--route', 'GET /items']);
    assert.deepEqual(ids(report), ['null-origin-allowed', 'origin-reflected']);
    assert.match(report.findings.find((f) => f.id === 'origin-reflected')!.message, /on a preflight/);
    assert.equal(exitCodeOf(report), 1);
  });

  it(`only on a request carrying a cookie (${PROBE_COOKIE}): origin-reflected, on a request carrying a cookie`, async () => {
    const report = await audit(await serve(echoing((req) => req.method !== 'OPTIONS' && req.headers.cookie !== undefined)), ['--route', 'GET /items']);
    assert.deepEqual(ids(report), ['origin-reflected']);
    assert.match(report.findings[0].message, /on a request carrying a cookie/);
  });

  it('an operation only preflighted (a DELETE, not sent): found on its preflight, the route named', async () => {
    const report = await audit(await serve(echoing((req) => req.method === 'OPTIONS' && req.headers['access-control-request-method'] === 'DELETE')), []);
    assert.deepEqual(report.notCalled?.map((n) => `${n.method} ${n.operation} ${n.preflight?.ok}`), ['DELETE /items/{id} true']);
    assert.deepEqual(ids(report), ['null-origin-allowed', 'origin-reflected']);
    assert.match(report.findings.find((f) => f.id === 'origin-reflected')!.message, /seen on DELETE \/items\/1 \(its preflight\)\)/);
  });

  it('no echo at all: neither', async () => {
    const report = await audit(await serve(echoing(() => false)), ['--route', 'GET /items']);
    assert.deepEqual(ids(report), []);
  });
});
