/**
 * Firefox is driven through puppeteer-core, an optional peer dependency the
 * installed package does not bring. Asked for without it, the run and the
 * audit say in one line what to install and exit 2: no stack, no harness
 * failure. The command runs in a child process that cannot resolve
 * puppeteer-core (test/fixtures/engines/without-puppeteer.js), as an
 * installed package cannot.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { engineDriverMissing, requireEngineDrivers, EngineDriverMissing } from '../../browser/engines';
import { ROOT } from '../../scripts/support/processes';
import { cli, reportDir } from '../support/cli';

const WITHOUT_PUPPETEER = { NODE_OPTIONS: `--require ${path.join(ROOT, 'test', 'fixtures', 'engines', 'without-puppeteer.js')}` };
const LINE = 'Firefox is driven through puppeteer-core, which is not installed: npm install puppeteer-core@24';

describe('a missing engine driver', () => {
  it('is named with the command that installs it; an engine whose driver resolves is not', () => {
    const missing = (id: string): string => {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
    };
    assert.equal(engineDriverMissing('firefox', missing), LINE);
    assert.equal(engineDriverMissing('chromium', missing), 'Chromium is driven through playwright-core, which is not installed: npm install playwright-core@1');
    assert.equal(engineDriverMissing('firefox'), null, 'installed here, as a devDependency');
    assert.throws(() => requireEngineDrivers(['chromium', 'firefox'], (id) => (id === 'puppeteer-core' ? missing(id) : id)), (error) => error instanceof EngineDriverMissing && error.message === LINE);
  });

  it('--browsers chromium,firefox without puppeteer-core: one line saying what to install, exit 2', async () => {
    const { code, stdout, stderr } = await cli(['--browsers', 'chromium,firefox', '--tags', '@id:browser-1', '--report-dir', reportDir()], WITHOUT_PUPPETEER);
    assert.equal(code, 2, stdout + stderr);
    assert.equal(stderr, `response-conformance: ${LINE}\n`);
    assert.equal(stdout, '');
  });

  it('audit --browsers chromium,firefox without puppeteer-core: one line saying what to install, exit 2', async () => {
    const { code, stdout, stderr } = await cli(['audit', '--target', 'http://127.0.0.1:9', '--origin', 'https://app.example', '--route', 'GET /', '--browsers', 'chromium,firefox'], WITHOUT_PUPPETEER);
    assert.equal(code, 2, stdout + stderr);
    assert.equal(stderr, `response-conformance audit: ${LINE}\n`);
    assert.equal(stdout, '');
  });
});
