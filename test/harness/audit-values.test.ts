/**
 * Values from the API itself, on a RealWorld-style API
 * (examples/realworld/app.py, Conduit's GET surface): with no --param, the
 * audit calls every GET whose values a list supplies, each value's source
 * named in the report (the answer it came from, or the document's link); a
 * scoped --param gives its value to one operation only; and a value the API
 * never returned is never used (the operation stays "not called", with the
 * flag that calls it), which the server's own log proves through a proxy.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditReport } from '../../runner/audit/index';
import { PYTHON } from '../../examples/own-api/misconfigured';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { startLoggingProxy, type LoggingProxy } from '../support/logging-proxy';
import { cli, readReport, reportDir } from '../support/cli';

const ORIGIN = 'https://conduit.example';
const sources = (report: AuditReport) => report.routes.map((r) => `${r.method} ${r.path} ← ${(r.values ?? []).map((v) => `${v.name}: ${v.from}`).join('; ') || '-'}`);

describe('values from the API: the RealWorld-style API, with no --param', () => {
  let conduit: StartedProcess;
  let proxy: LoggingProxy;
  let target: string;
  let seen: string[] = [];
  before(async () => {
    conduit = await startListening(PYTHON, ['examples/realworld/app.py', '--port', '0']);
    // A logging proxy in front: every request the audit sends passes it and is recorded.
    proxy = await startLoggingProxy(conduit.url);
    ({ url: target, seen } = proxy);
  });
  after(async () => {
    await proxy.close();
    await conduit.stop();
  });

  it('calls every GET whose values a list supplies, in the document\'s order, each value with the answer or link it came from', async () => {
    seen.length = 0;
    const { code, stdout, stderr } = await cli(['audit', '--target', target, '--origin', ORIGIN, '--no-browser', '--format', 'json']);
    assert.ok(code === 0 || code === 1, stdout + stderr);
    const report = JSON.parse(stdout) as AuditReport;
    assert.deepEqual(sources(report), [
      'GET /api/articles ← -',
      'GET /api/articles/how-to-train-your-dragon ← slug: answer of GET /api/articles at /articles/0/slug',
      'GET /api/articles/how-to-train-your-dragon/comments ← slug: answer of GET /api/articles at /articles/0/slug',
      'GET /api/profiles/jake ← username: link "AuthorProfile" from GET /api/articles (operationId list_articles)',
      'GET /api/tags ← -',
    ]);
    assert.ok(report.routes.every((r) => r.status === 200), report.routes.map((r) => `${r.path} ${r.status}`).join(', '));
    // The one GET whose value no answer supplies, and the one that needs a sign-in, are not called, each with its flag.
    const notCalled = Object.fromEntries(report.notCalled!.map((n) => [`${n.method} ${n.operation}`, n]));
    assert.equal(notCalled['GET /api/drafts/{draft_id}'].flag, '--param draft_id=VALUE');
    assert.match(notCalled['GET /api/drafts/{draft_id}'].reason, /^needs a value for draft_id, and neither the document .* nor the API's answers give one$/);
    assert.equal(notCalled['GET /api/user'].flag, '--token TOKEN');
    // Never a guessed value: no request reached a draft, and only GET, HEAD and OPTIONS were sent.
    assert.deepEqual(seen.filter((line) => line.includes('/api/drafts')), []);
    assert.deepEqual(seen.filter((line) => !/^(GET|HEAD|OPTIONS) /.test(line)), []);
    assert.ok(seen.includes('GET /api/articles/how-to-train-your-dragon/comments'), seen.join('\n'));
  });

  it('a scoped --param gives its value to that operation only, and wins over the answers', async () => {
    const dir = reportDir();
    const { stdout, stderr } = await cli(['audit', '--target', target, '--origin', ORIGIN, '--no-browser', '--format', 'json', '--report-dir', dir, '--param', 'GET /api/articles/{slug}/comments:slug=a-cosy-kitchen', '--param', 'draft_id=4']);
    const report = JSON.parse(stdout) as AuditReport;
    assert.deepEqual(sources(report).slice(1, 3), ['GET /api/articles/how-to-train-your-dragon ← slug: answer of GET /api/articles at /articles/0/slug', 'GET /api/articles/a-cosy-kitchen/comments ← slug: --param'], stderr);
    assert.ok(sources(report).includes('GET /api/drafts/4 ← draft_id: --param'), sources(report).join('\n'));
    // The HTML report says it too.
    assert.match(readReport(dir, 'audit.html'), /<code>slug=a-cosy-kitchen<\/code> <span class="quiet">\(--param\)<\/span>/);
    assert.match(readReport(dir, 'audit.html'), /<code>slug=how-to-train-your-dragon<\/code> <span class="quiet">\(answer of GET \/api\/articles at \/articles\/0\/slug\)<\/span>/);
  });

  it('a scope that names no operation of the document is a usage error naming the nearest, and nothing is sent to the API', async () => {
    seen.length = 0;
    const { code, stdout, stderr } = await cli(['audit', '--target', target, '--origin', ORIGIN, '--no-browser', '--param', 'GET /api/article/{slug}:slug=x']);
    assert.equal(code, 2, stdout + stderr);
    assert.equal(stderr.trim(), 'response-conformance audit: --param "GET /api/article/{slug}:slug=…": the document has no operation GET /api/article/{slug}; the nearest is "GET /api/articles/{slug}" (write --param "GET /api/articles/{slug}:slug=VALUE")');
    assert.deepEqual(seen, ['GET /openapi.json']);
  });

  it('the terminal summary says where each value came from, in the default run (browsers included when installed)', async () => {
    // A generous timeout: Chromium's launch on a busy machine is no part of what is tested.
    const { code, stdout, stderr } = await cli(['audit', '--target', target, '--origin', ORIGIN, '--timeout', '30000']);
    assert.ok(code === 0 || code === 1, stdout + stderr);
    assert.match(stdout, /^ {2}values {6}slug=how-to-train-your-dragon \(answer of GET \/api\/articles at \/articles\/0\/slug\)$/m);
    assert.match(stdout, /^ {2}values {6}username=jake \(link "AuthorProfile" from GET \/api\/articles \(operationId list_articles\)\)$/m);
  });
});
