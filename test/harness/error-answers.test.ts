/**
 * Error answers, judged (issue 27, item 3): against FastAPI apps run by
 * Debian's python3, the audit of the API's own document finds
 * `error-not-readable` where an error escapes the CORS layer, naming the
 * cause in Starlette's terms, and nowhere else; its error probes are sent
 * and reported, each answer judged; Chromium, asked by default, sees the
 * same network error the Fetch model does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PYTHON, shopArgs } from '../../examples/own-api/misconfigured';
import { allFindings, exitCodeOf, runAudit, type AuditReport } from '../../runner/audit/index';
import { parseAuditCommand } from '../../runner/cli/options';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { chromiumAvailable } from '../../browser/chromium';

const ORIGIN = 'http://127.0.0.1:5173';

async function audit(target: string, origin = ORIGIN, extra: string[] = ['--no-browser']): Promise<AuditReport> {
  const command = parseAuditCommand(['--target', target, '--origin', origin, ...extra]);
  if (command.kind !== 'audit') throw new Error('not an audit');
  return runAudit(command.options);
}

const route = (report: AuditReport, label: string) => report.routes.find((r) => `${r.method} ${r.path}` === label) ?? assert.fail(`no ${label} in ${report.routes.map((r) => `${r.method} ${r.path}`).join(', ')}`);
const ids = (report: AuditReport) => [...new Set(allFindings(report).map((f) => f.id))].sort();

async function withShop<T>(appOrigin: string, misconfig: string | undefined, body: (url: string) => Promise<T>): Promise<T> {
  const shop = await startListening(PYTHON, shopArgs(appOrigin, misconfig));
  try {
    return await body(shop.url);
  } finally {
    await shop.stop();
  }
}

describe('error-not-readable, judged on the API\'s own document', () => {
  it("a FastAPI app whose 500 comes from an unhandled exception gets it, naming Starlette's ServerErrorMiddleware and the fix, with the body's first line", () =>
    withShop(ORIGIN, 'error-not-readable', async (url) => {
      const report = await audit(url);
      const me = route(report, 'GET /api/me');
      assert.equal(me.status, 500);
      assert.equal(me.granted, false);
      const found = me.findings.find((f) => f.id === 'error-not-readable') ?? assert.fail(JSON.stringify(me.findings));
      assert.equal(found.level, 'MUST');
      assert.match(found.message, /ServerErrorMiddleware, which sits outside CORSMiddleware/);
      assert.match(found.message, /@app\.exception_handler\(Exception\)/);
      assert.match(found.message, /granted on GET \/api\/items/);
      assert.match(found.message, /the body starts: "Internal Server Error"/);
      // Not the advice to add an origin the server already allows.
      assert.ok(!ids(report).includes('origin-refused'), ids(report).join(', '));
      assert.equal(exitCodeOf(report), 1);
    }));

  it('an app whose 422 is readable does not get it: the invalid-value probe meets a 422 the script reads, and the document declares', () =>
    withShop(ORIGIN, undefined, async (url) => {
      const report = await audit(url);
      assert.ok(!ids(report).includes('error-not-readable'), ids(report).join(', '));
      const probes = route(report, 'GET /api/items').errorProbes ?? [];
      assert.deepEqual(
        probes.map((p) => ({ kind: p.kind, path: p.path, status: p.status, expected: p.expected, granted: p.granted, findings: p.findings })),
        [{ kind: 'invalid-value', path: '/api/items?page=audit-not-a-number', status: 422, expected: ['422'], granted: true, findings: [] }],
      );
    }));

  it('an outer gate that answers 401 without CORS headers gets it, naming a layer outside CORS', () =>
    withShop(ORIGIN, 'auth-gate-outside-cors', async (url) => {
      const report = await audit(url);
      const me = route(report, 'GET /api/me');
      assert.equal(me.status, 401);
      const found = me.findings.find((f) => f.id === 'error-not-readable') ?? assert.fail(JSON.stringify(me.findings));
      assert.match(found.message, /A middleware or a proxy outside the CORS layer answered it/);
      assert.match(found.message, /Not authenticated/);
      assert.ok(!ids(report).includes('origin-refused'));
    }));

  it('an origin refused everywhere stays origin-refused, never error-not-readable', () =>
    withShop('https://www.shop.example', 'error-not-readable', async (url) => {
      const report = await audit(url);
      assert.ok(ids(report).includes('origin-refused'), ids(report).join(', '));
      assert.ok(!ids(report).includes('error-not-readable'), ids(report).join(', '));
    }));

  it('the report carries the probes in JSON, and the terminal lists them', async () => {
    await withShop(ORIGIN, undefined, async (url) => {
      const report = await audit(url);
      const json = JSON.parse(JSON.stringify(report));
      assert.equal(json.routes[0].errorProbes[0].kind, 'invalid-value');
      const { formatAuditText } = await import('../../runner/cli/audit-format');
      const { styleFor } = await import('../../runner/cli/terminal');
      assert.match(formatAuditText(report, styleFor({ isTTY: false })), /error probe invalid-value: GET \/api\/items\?page=audit-not-a-number \(page=audit-not-a-number: its schema wants an integer\) → 422 \(declared: 422\), readable/);
    });
  });
});

describe('Chromium, asked by default, sees the 500 as the network error the model predicts', { skip: !chromiumAvailable() && !process.env.CI && 'no Chromium here (in CI this fails instead)' }, () => {
  let shop: StartedProcess;
  before(async () => {
    shop = await startListening(PYTHON, shopArgs(ORIGIN, 'error-not-readable'));
  });
  after(() => shop.stop());
  it('a fetch that fails, and no disagreement', async () => {
    const report = await audit(shop.url, ORIGIN, []);
    assert.equal(report.judgedBy.chromium, true);
    const me = route(report, 'GET /api/me');
    assert.equal(me.browser?.granted, false);
    assert.deepEqual(me.browser?.disagreements, []);
    assert.ok(me.findings.some((f) => f.id === 'error-not-readable'));
  });
});
