/**
 * A script scenario runs in every engine the run asks for, whether its
 * feature says @browser or only its sentence drives a browser ("a script in
 * the browser on …"): before, Firefox silently dropped one without the tag.
 * Against the bundled reference server, with Debian's Chromium and Firefox.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planRun } from '../../runner/run/plan';
import { engineAvailable } from '../../browser/engines';
import { runOptions } from '../support/options';
import { cli, readSummary, reportDir } from '../support/cli';

const FEATURE = 'test/fixtures/plan/untagged-script.feature';
const BOTH = engineAvailable('chromium') && engineAvailable('firefox');

describe('a script scenario without @browser', () => {
  it('is planned in every engine asked for, and only the script scenarios are', async () => {
    const plan = await planRun(runOptions({ features: [FEATURE], browsers: ['chromium', 'firefox'] }));
    assert.deepEqual(plan.selected.map((s) => s.id), ['untagged-script-1', 'untagged-script-2', 'untagged-script-3', 'untagged-script-1@firefox', 'untagged-script-3@firefox']);
    assert.equal(plan.browserPaths.length, 1);
    assert.match(plan.browserPaths[0], /untagged-script\.feature:6:16$/);
  });

  it('is planned in Firefox alone when Chromium is not asked for', async () => {
    const plan = await planRun(runOptions({ features: [FEATURE], browsers: ['firefox'] }));
    assert.deepEqual(plan.selected.map((s) => s.id), ['untagged-script-2', 'untagged-script-1@firefox', 'untagged-script-3@firefox']);
  });

  it('runs, and passes, in Chromium and in Firefox; the plain scenario once', { skip: BOTH ? false : 'needs Chromium and Firefox' }, async () => {
    const dir = reportDir();
    const { code, stdout, stderr } = await cli(['--features', FEATURE, '--browsers', 'chromium,firefox', '--report-dir', dir]);
    assert.equal(code, 0, stdout + stderr);
    const scenarios: { id: string; status: string }[] = readSummary(dir).scenarios;
    assert.deepEqual(scenarios.map((s) => `${s.id} ${s.status}`).sort(), ['untagged-script-1 passed', 'untagged-script-1@firefox passed', 'untagged-script-2 passed', 'untagged-script-3 passed', 'untagged-script-3@firefox passed']);
  });

  it('with --browsers firefox, runs in Firefox and never in Chromium', { skip: BOTH ? false : 'needs Firefox' }, async () => {
    const dir = reportDir();
    const { code, stdout, stderr } = await cli(['--features', FEATURE, '--browsers', 'firefox', '--report-dir', dir]);
    assert.equal(code, 0, stdout + stderr);
    const scenarios: { id: string; status: string }[] = readSummary(dir).scenarios;
    assert.deepEqual(scenarios.map((s) => `${s.id} ${s.status}`).sort(), ['untagged-script-1@firefox passed', 'untagged-script-2 passed', 'untagged-script-3@firefox passed']);
  });
});
