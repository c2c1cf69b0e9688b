/**
 * The audit: against the shop API as it is, no finding; against each of its
 * misconfigured variants, exactly the variant's finding; the feature it
 * writes passes against the API as it is and fails against every variant,
 * naming the scenario; Chromium agrees with the Fetch model on every
 * readable and hidden header of every route of the shop and of the contract.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_ORIGIN, MISCONFIGURATIONS, PYTHON, SHOP_HEADERS, SHOP_ROUTES, shopArgs } from '../../examples/own-api/misconfigured';
import { RULES, rulesIn } from '../../rules/catalogue';
import { exitCodeOf, runAudit, type AuditReport } from '../../runner/audit/index';
import { parseAuditCommand, type AuditOptions } from '../../runner/cli/options';
import { runSuite } from '../../runner/run/index';
import { startReferenceServer, type RunningServer } from '../../reference-server/server';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { CONTRACT_CALLS } from '../../steps/support/contract';
import { chromiumAvailable } from '../../browser/chromium';
import { engineAvailable } from '../../browser/engines';
import { cli } from '../support/cli';
import { runOptions } from '../support/options';

const noStackTrace = (text: string) => assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, 'a stack trace was printed');

function auditOptions(target: string, origin: string, extra: string[] = []): AuditOptions {
  const command = parseAuditCommand(['--target', target, '--origin', origin, ...SHOP_ROUTES.flatMap((r) => ['--route', r]), ...SHOP_HEADERS.flatMap((h) => ['--header', h]), ...extra]);
  if (command.kind !== 'audit') throw new Error('not an audit');
  return command.options;
}

const findingIds = (report: AuditReport) => [...new Set([...report.findings, ...report.routes.flatMap((r) => r.findings)].map((f) => f.id))].sort();

describe('audit of the shop API as it is', () => {
  let shop: StartedProcess;
  let feature: string;
  before(async () => {
    shop = await startListening(PYTHON, shopArgs(DEV_ORIGIN));
    feature = path.join(mkdtempSync(path.join(tmpdir(), 'rc-audit-')), 'shop.feature');
  });
  after(() => shop.stop());

  it('finds nothing, exits 0, and prints JSON in the documented shape', async () => {
    const args = ['audit', '--target', shop.url, '--origin', DEV_ORIGIN, '--format', 'json', '--write-feature', feature, ...SHOP_ROUTES.flatMap((r) => ['--route', r]), ...SHOP_HEADERS.flatMap((h) => ['--header', h])];
    const { code, stdout, stderr } = await cli(args);
    assert.equal(code, 0, stdout + stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report).sort(), ['credentials', 'findings', 'judgedBy', 'origin', 'routes', 'target']);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.routes.map((r: { method: string; path: string }) => `${r.method} ${r.path}`), ['GET /api/items?page=1', 'POST /api/login', 'GET /api/me', 'DELETE /api/session']);
    const items = report.routes[0];
    for (const key of ['method', 'path', 'status', 'granted', 'readable', 'hidden', 'cookies', 'findings']) assert.ok(key in items, key);
    assert.equal(items.status, 200);
    assert.equal(items.granted, true);
    assert.deepEqual(items.readable.filter((n: string) => /^x-|^link$/i.test(n)).sort(), ['link', 'x-request-id', 'x-total-count']);
    assert.ok(items.hidden.includes('x-debug-query-time'));
    assert.deepEqual(report.routes[1].cookies, [{ name: 'session', secure: true, httpOnly: true, sameSite: 'lax', path: '/', domain: null, maxAge: 3600, expires: null, cleared: false }]);
    assert.deepEqual(report.routes.flatMap((r: { findings: unknown[] }) => r.findings), []);
    assert.equal(stdout.includes('demo-token-3b9d'), false, 'a --header value was printed');
    assert.match(stderr, /a starter feature pinning today's picture was written to .*shop\.feature \(it holds your --header values: replace them before you commit it\)/);
  });

  it('writes a feature that passes against the API as it is (--strict)', async () => {
    const text = readFileSync(feature, 'utf8');
    assert.match(text, /^# A starter feature written by `response-conformance audit`/);
    assert.match(text, /^  Background:\n    Given every request carries the header "Authorization" with the value "Bearer demo-token-3b9d"$/m);
    const { summary } = await runSuite(runOptions({ target: shop.url, origin: DEV_ORIGIN, features: [feature], strict: true }));
    assert.deepEqual(summary.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id} ${s.name}: ${s.message}`), []);
    assert.ok(summary.scenarios.length >= 30, `${summary.scenarios.length} scenarios`);
  });

  describe('each misconfigured variant: exactly its finding, and the written feature fails', () => {
    it('covers every finding the audit knows', () => assert.deepEqual(MISCONFIGURATIONS.map((m) => m.finding).sort(), rulesIn('api').concat(rulesIn('route'), rulesIn('preflight'), rulesIn('cookie')).sort()));

    // The scenarios the issue names: a header no longer exposed, any origin reflected, a cookie attribute lost.
    const named: Record<string, RegExp> = {
      'expose-wildcard-with-credentials': /reads x-total-count from GET \/api\/items/,
      'origin-reflected': /A script on another site is refused/,
      'session-cookie-not-httponly': /The cookie session from POST \/api\/login is HttpOnly/,
    };
    for (const variant of MISCONFIGURATIONS) {
      it(`${variant.finding}${variant.misconfig ? '' : ` (the API as it is, granting ${variant.appOrigin ?? variant.origin}, from ${variant.origin ?? DEV_ORIGIN})`}`, async () => {
        const origin = variant.origin ?? DEV_ORIGIN;
        const server = await startListening(PYTHON, shopArgs(variant.appOrigin ?? origin, variant.misconfig));
        try {
          const report = await runAudit(auditOptions(server.url, origin, ['--no-browser']));
          assert.deepEqual(findingIds(report), [variant.finding]);
          assert.equal(exitCodeOf(report), RULES[variant.finding].level === 'MUST' ? 1 : 0);
          const { summary } = await runSuite(runOptions({ target: server.url, origin: DEV_ORIGIN, features: [feature], strict: true }));
          const failed = summary.scenarios.filter((s) => s.status === 'failed');
          assert.ok(failed.length > 0, 'the written feature passed against the variant');
          assert.equal(summary.conformant, false);
          if (named[variant.finding]) assert.ok(failed.some((s) => named[variant.finding].test(s.name)), failed.map((s) => s.name).join('\n'));
        } finally {
          await server.stop();
        }
      });
    }
  });
});

describe('the audit agrees with Chromium on every readable and hidden header', { skip: !chromiumAvailable() && !process.env.CI && 'no Chromium here (in CI this fails instead)' }, () => {
  it('on every route of the shop API', async () => {
    const shop = await startListening(PYTHON, shopArgs(DEV_ORIGIN));
    try {
      const report = await runAudit(auditOptions(shop.url, DEV_ORIGIN, ['--browser']));
      assert.equal(report.judgedBy.chromium, true);
      assert.deepEqual(report.routes.map((r) => [`${r.method} ${r.path}`, r.browser?.disagreements]), report.routes.map((r) => [`${r.method} ${r.path}`, []]));
      assert.ok(report.routes.every((r) => r.granted && r.browser?.granted));
    } finally {
      await shop.stop();
    }
  });

  describe('on every route of the contract, from the allowed origin and from another', () => {
    let reference: RunningServer;
    before(async () => {
      reference = await startReferenceServer({ allowedOrigin: 'https://frontend.example' });
    });
    after(() => reference.close());
    for (const origin of ['https://frontend.example', 'https://elsewhere.example']) {
      it(origin, async () => {
        const routes = CONTRACT_CALLS.flatMap((call) => ['--route', typeof call.body === 'string' ? `${call.method} ${call.path} ${call.body}` : `${call.method} ${call.path}`]);
        const command = parseAuditCommand(['--target', reference.url, '--origin', origin, '--browser', ...routes]);
        assert.equal(command.kind, 'audit');
        const report = await runAudit(command.kind === 'audit' ? command.options : assert.fail());
        assert.deepEqual(report.routes.map((r) => [`${r.method} ${r.path}`, r.browser?.disagreements]), report.routes.map((r) => [`${r.method} ${r.path}`, []]));
        assert.ok(report.routes.every((r) => r.granted === (origin === 'https://frontend.example')));
      });
    }
  });
});

describe('with --browsers chromium,firefox, each engine gives its opinion and agrees with the model', { skip: !(chromiumAvailable() && engineAvailable('firefox')) && !process.env.CI && 'no Chromium or Firefox here (in CI this fails instead)' }, () => {
  let reference: RunningServer;
  before(async () => {
    reference = await startReferenceServer({ allowedOrigin: 'https://frontend.example' });
  });
  after(() => reference.close());
  for (const origin of ['https://frontend.example', 'https://elsewhere.example']) {
    it(`on every route of the contract, from ${origin}`, async () => {
      const routes = CONTRACT_CALLS.flatMap((call) => ['--route', typeof call.body === 'string' ? `${call.method} ${call.path} ${call.body}` : `${call.method} ${call.path}`]);
      const command = parseAuditCommand(['--target', reference.url, '--origin', origin, '--browsers', 'chromium,firefox', ...routes]);
      const report = await runAudit(command.kind === 'audit' ? command.options : assert.fail());
      assert.deepEqual(report.judgedBy, { model: true, chromium: true, firefox: true });
      const views = report.routes.map((r) => [`${r.method} ${r.path}`, r.browsers.map((view) => `${view.engine} ${view.granted ? 'grants' : 'refuses'}, disagrees on ${view.disagreements.length}`)]);
      const granted = origin === 'https://frontend.example' ? 'grants' : 'refuses';
      assert.deepEqual(views, report.routes.map((r) => [`${r.method} ${r.path}`, [`Chromium ${granted}, disagrees on 0`, `Firefox ${granted}, disagrees on 0`]]));
    });
  }

  it('says so on the terminal, engine by engine', async () => {
    const { stdout, code } = await cli(['audit', '--target', reference.url, '--origin', 'https://frontend.example', '--route', 'GET /headers/', '--browsers', 'chromium,firefox']);
    assert.equal(code, 0);
    assert.match(stdout, /judged by the Fetch model, Chromium and Firefox\n/);
    assert.match(stdout, /\nChromium agrees with the Fetch model on every route\.\nFirefox agrees with the Fetch model on every route\.\n/);
  });
});

describe('audit errors', () => {
  it('an unreachable API: exit 2, one line naming the URL', async () => {
    const { code, stdout, stderr } = await cli(['audit', '--target', 'http://127.0.0.1:9', '--origin', DEV_ORIGIN, '--route', 'GET /']);
    assert.equal(code, 2);
    assert.equal(stderr, 'response-conformance audit: cannot reach GET http://127.0.0.1:9/: ECONNREFUSED\n');
    noStackTrace(stdout + stderr);
  });

  it('a route that does not parse is a usage error naming it', async () => {
    const { code, stderr } = await cli(['audit', '--target', 'http://127.0.0.1:9', '--origin', DEV_ORIGIN, '--route', 'get /api/items']);
    assert.equal(code, 2);
    assert.match(stderr, /^response-conformance audit: --route "get \/api\/items": methods are case-sensitive \(RFC 9110 §9\.1\); did you mean "GET \/api\/items"\?\n\nusage: response-conformance audit/);
  });

  it('a route body that is not JSON is a usage error', async () => {
    const { code, stderr } = await cli(['audit', '--target', 'http://127.0.0.1:9', '--origin', DEV_ORIGIN, '--route', 'POST /api/login {username: alice}']);
    assert.equal(code, 2);
    assert.match(stderr, /^response-conformance audit: --route "POST \/api\/login \{username: alice\}": the body after the path must be JSON/);
  });

  it('--browsers with an engine that is not there: exit 2, naming it and what to install', async () => {
    const { code, stdout, stderr } = await cli(['audit', '--target', 'http://127.0.0.1:9', '--origin', DEV_ORIGIN, '--route', 'GET /', '--browsers', 'chromium,firefox'], { FIREFOX_PATH: '/nowhere/firefox' });
    assert.equal(code, 2);
    assert.equal(stderr, "response-conformance audit: --browsers: no Firefox at /nowhere/firefox (install Debian's firefox-esr, or pass --firefox-path or set FIREFOX_PATH), or leave the flag out to judge by the Fetch model\n");
    noStackTrace(stdout + stderr);
  });

  it('--browsers and --no-browser contradict each other, in the audit as in a run', async () => {
    const { code, stderr } = await cli(['audit', '--target', 'http://127.0.0.1:9', '--origin', DEV_ORIGIN, '--browsers', 'firefox', '--no-browser']);
    assert.equal(code, 2);
    assert.match(stderr, /^response-conformance audit: --browsers and --no-browser contradict each other\n/);
  });

  it('a missing --origin is a usage error', async () => {
    const { code, stderr } = await cli(['audit', '--target', 'http://127.0.0.1:9', '--route', 'GET /']);
    assert.equal(code, 2);
    assert.match(stderr, /^response-conformance audit: audit needs --origin ORIGIN/);
  });
});
