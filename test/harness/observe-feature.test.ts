/**
 * observe --write-feature for real: the shop (examples/own-api/app.py)
 * observed while the scripted frontend walks it (the item list, the POST
 * that signs in, who is signed in with a bearer token, the DELETE that signs
 * out); the feature written from that traffic holds no credential, and run
 * with --features against the same shop it passes, every scenario. Against
 * a shop that no longer exposes X-Total-Count, or whose logout deletes
 * another cookie than the login set, it fails, naming the scenario.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEV_ORIGIN, PYTHON, shopArgs } from '../../examples/own-api/misconfigured';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { cli, readSummary, reportDir, type Outcome } from '../support/cli';

const CREDENTIALS = { RESPONSE_CONFORMANCE_PASSWORD: 'wonderland-7c1f', RESPONSE_CONFORMANCE_TOKEN: 'demo-token-3b9d' };
const FRONTEND = ['node', '-r', './scripts/transpile-only.js', 'test/support/scripted-frontend.ts', '--origin', DEV_ORIGIN];

interface Scenario {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

describe('observe --write-feature, run with --features against the shop it observed', () => {
  const shops: Record<string, StartedProcess> = {};
  let feature: string;
  let observed: Outcome;
  before(async () => {
    const [shop, notExposed, logout] = await Promise.all([
      startListening(PYTHON, shopArgs(DEV_ORIGIN)),
      startListening(PYTHON, shopArgs(DEV_ORIGIN, 'expose-wildcard-with-credentials')),
      startListening(PYTHON, shopArgs(DEV_ORIGIN, 'logout-keeps-cookie')),
    ]);
    Object.assign(shops, { shop, notExposed, logout });
    feature = path.join(mkdtempSync(path.join(tmpdir(), 'rc-observed-')), 'observed.feature');
    observed = await cli(['observe', '--target', shop.url, '--credentials', 'include', '--openapi', `${shop.url}/openapi.json`, '--report-dir', reportDir(), '--write-feature', feature, '--', ...FRONTEND]);
  });
  after(() => Promise.all(Object.values(shops).map((s) => s.stop())));

  const run = async (target: string) => {
    const dir = reportDir();
    const outcome = await cli(['--target', target, '--origin', DEV_ORIGIN, '--features', feature, '--report-dir', dir], CREDENTIALS);
    return { outcome, scenarios: readSummary(dir).scenarios as Scenario[] };
  };

  it('observe exits 0 and says which variables the feature reads its credentials from', () => {
    assert.equal(observed.code, 0, observed.stdout + observed.stderr);
    assert.match(observed.stderr, new RegExp(`a feature of what was observed was written to ${feature.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(set RESPONSE_CONFORMANCE_PASSWORD, RESPONSE_CONFORMANCE_TOKEN before`));
  });

  it('holds the POST and the DELETE, the credentials as {{name}} from the environment, never their values', () => {
    const text = readFileSync(feature, 'utf8');
    assert.match(text, /When a script on "http:\/\/127\.0\.0\.1:5173" calls "POST \/api\/login" with the JSON:\n\s+"""\n\s+\{"username":"alice","password":"\{\{password\}\}"\}/);
    assert.match(text, /And the value "password" comes from the environment variable "RESPONSE_CONFORMANCE_PASSWORD"/);
    assert.match(text, /And every request carries the header "Authorization" with the value "Bearer \{\{token\}\}"\n\s+And a script on "http:\/\/127\.0\.0\.1:5173" calls "GET \/api\/me"/);
    assert.match(text, /And a script on "http:\/\/127\.0\.0\.1:5173" calls "DELETE \/api\/session"\n\s+Then the browser no longer keeps the cookie "session"/);
    assert.doesNotMatch(text, /wonderland-7c1f|demo-token-3b9d/);
  });

  it('passes against the same shop: every scenario, 22 of them', async () => {
    const { outcome, scenarios } = await run(shops.shop.url);
    assert.equal(outcome.code, 0, outcome.stdout + outcome.stderr);
    assert.deepEqual(scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id} ${s.status}`), []);
    assert.equal(scenarios.length, 22);
    assert.deepEqual(scenarios.map((s) => s.id).slice(0, 2), ['observed-1', 'observed-2']);
  });

  it('fails against a shop that no longer exposes X-Total-Count, naming the scenario', async () => {
    const { outcome, scenarios } = await run(shops.notExposed.url);
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    const failed = scenarios.filter((s) => s.status === 'failed').map((s) => s.name);
    assert.ok(failed.includes('A script on http://127.0.0.1:5173 reads X-Total-Count from GET /api/items?page=1'), failed.join('\n'));
    assert.match(outcome.stdout, /FAIL observed-2 \[MUST\] A script on http:\/\/127\.0\.0\.1:5173 reads X-Total-Count/);
  });

  it('fails against a shop whose logout keeps the cookie, naming that scenario alone', async () => {
    const { outcome, scenarios } = await run(shops.logout.url);
    assert.equal(outcome.code, 1, outcome.stdout + outcome.stderr);
    assert.deepEqual(scenarios.filter((s) => s.status === 'failed').map((s) => s.name), ['After POST /api/login and DELETE /api/session the browser no longer keeps the cookie session']);
  });

  it('writes no feature when nothing could be judged, and says so', async () => {
    const none = path.join(mkdtempSync(path.join(tmpdir(), 'rc-observed-')), 'none.feature');
    const outcome = await cli(['observe', '--target', shops.shop.url, '--report-dir', reportDir(), '--write-feature', none, '--', 'no-such-command-rc-observe']);
    assert.equal(outcome.code, 2, outcome.stdout + outcome.stderr);
    assert.match(outcome.stderr, new RegExp(`no feature was written to ${none.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: nothing could be judged`));
    assert.equal(existsSync(none), false);
  });
});
