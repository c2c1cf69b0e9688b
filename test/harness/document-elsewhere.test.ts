/**
 * A feature run whose sentences need the OpenAPI document, against an API
 * that serves it elsewhere (FastAPI's openapi_url="/api/v1/openapi.json",
 * as the full-stack template does): without --openapi, the document the run
 * looks for (the target's /openapi.json) cannot be read, and the run says it
 * could not judge (exit 2), with where it looked and --openapi as the fix,
 * never as the server's failure. The same for an --openapi that cannot be
 * read; with the right --openapi, the same feature passes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_ORIGIN, PYTHON, shopArgs } from '../../examples/own-api/misconfigured';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { cli, reportDir } from '../support/cli';

const FEATURE = `Feature: The shop keeps its document's promises

  @MUST @id:doc-1
  Scenario: The list answers as the OpenAPI document describes
    When a client calls "GET /api/items"
    Then the response matches its description in the OpenAPI document

  @MUST @id:doc-2
  Scenario: A script reads every header the document declares for the list
    When a script on "${DEV_ORIGIN}" calls "GET /api/items"
    Then the script can read every header the document declares for the response
`;

describe('a feature run against an API that serves its document at /api/v1/openapi.json', () => {
  let shop: StartedProcess;
  let feature: string;
  before(async () => {
    shop = await startListening(PYTHON, [...shopArgs(DEV_ORIGIN), '--openapi-url', '/api/v1/openapi.json']);
    feature = path.join(mkdtempSync(path.join(tmpdir(), 'rc-elsewhere-')), 'shop.feature');
    writeFileSync(feature, FEATURE);
  });
  after(() => shop.stop());
  const run = (extra: string[]) => cli(['--target', shop.url, '--origin', DEV_ORIGIN, '--features', feature, '--report-dir', reportDir(), ...extra]);

  it('without --openapi: could not judge (exit 2), saying where it looked and naming --openapi; no failure of the server', async () => {
    const { code, stdout, stderr } = await run([]);
    assert.equal(code, 2, stdout + stderr);
    assert.doesNotMatch(stdout, /^FAIL /m);
    assert.match(stdout, /conformance: 0 passed, 0 failed, 0 skipped, 2 errors of the run: the run could not judge/);
    assert.ok(stdout.includes(`${shop.url}/openapi.json (the default without --openapi FILE|URL): the answer is 404 Not Found, not a document.`), stdout);
    assert.match(stdout, /give its file or URL with --openapi FILE\|URL/);
  });

  it('with an --openapi that cannot be read: could not judge (exit 2)', async () => {
    const { code, stdout, stderr } = await run(['--openapi', `${shop.url}/api/v2/openapi.json`]);
    assert.equal(code, 2, stdout + stderr);
    assert.doesNotMatch(stdout, /^FAIL /m);
    assert.ok(stdout.includes(`--openapi ${shop.url}/api/v2/openapi.json: the answer is 404 Not Found, not a document.`), stdout);
  });

  it('with --openapi naming it: the feature passes (exit 0)', async () => {
    const { code, stdout, stderr } = await run(['--openapi', `${shop.url}/api/v1/openapi.json`]);
    assert.equal(code, 0, stdout + stderr);
  });
});
