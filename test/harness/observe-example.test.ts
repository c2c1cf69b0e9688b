/**
 * The worked example, as CI runs it (issue 28, "Done when"): the shop's
 * frontend (examples/observe/, a static page) walked by its Playwright test
 * in Debian's Chromium, through `response-conformance observe` in front of
 * the FastAPI shop. Against the shop with the mistakes a frontend meets,
 * observe reports exactly them and exits 1; against the shop as it is, it
 * exits 0 with no finding; each broken shop of broken-shops.ts is found
 * with exactly its finding, from a real browser's traffic; the page walks
 * to the end every time (observe changes nothing it forwards); and the HAR
 * holds no secret.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BROKEN_SHOPS, CORRECT_SHOP, EXAMPLE_SHOP, expectOutcomes, frontendOrigin, shopArgs, type FrontendHost, type FrontendStep, type StepOutcome } from '../../examples/observe/broken-shops';
import { frontendTestEnv, playwrightArgs, SERVE_ARGS } from '../../examples/observe/frontend-test';
import { PYTHON } from '../../examples/own-api/misconfigured';
import { startListening, type StartedProcess } from '../../scripts/support/processes';
import { chromiumAvailable } from '../../browser/chromium';
import { cli } from '../support/cli';

const SECRETS = ['wonderland-7c1f', 'demo-token-3b9d'];

interface Shop {
  readonly name: string;
  readonly args: readonly string[];
  readonly frontendHost: FrontendHost;
  readonly pageShows: Readonly<Record<FrontendStep, StepOutcome>>;
}

describe("the example's frontend, its Playwright test run through observe", { skip: !chromiumAvailable() && 'no Chromium' }, () => {
  let page: StartedProcess;
  let work: string;
  before(async () => {
    page = await startListening(process.execPath, SERVE_ARGS);
    work = mkdtempSync(path.join(tmpdir(), 'observe-example-'));
  });
  after(async () => {
    await page?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** `observe --openapi … -- <the Playwright test>` in front of the shop; the command's exit, its output, the report and the HAR. */
  async function observeWalk(shop: Shop) {
    const origin = frontendOrigin(shop, Number(new URL(page.url).port));
    const api = await startListening(PYTHON, shopArgs(shop, origin));
    try {
      const dir = mkdtempSync(path.join(work, 'run-'));
      // API_URL is the shop's own address: the test must go through observe all the same (OBSERVE_URL wins).
      const env = frontendTestEnv(api.url, origin, shop);
      const outcome = await cli(['observe', '--target', api.url, '--origin', origin, '--credentials', 'include', '--openapi', `${api.url}/openapi.json`, '--report-dir', dir, '--', process.execPath, ...playwrightArgs(path.join(dir, 'playwright'))], env);
      const report = JSON.parse(readFileSync(path.join(dir, 'observe.json'), 'utf8'));
      const har = readFileSync(path.join(dir, 'traffic.har'), 'utf8');
      return { outcome, report, har };
    } finally {
      await api.stop();
    }
  }

  type Report = { operations: { label: string; findings: { id: string }[] }[]; findings: { id: string }[]; exchanges: number };
  const ids = (report: Report) => [...new Set([...report.operations.flatMap((o) => o.findings.map((f) => f.id)), ...report.findings.map((f) => f.id)])].sort();

  it(`${EXAMPLE_SHOP.name}: observe reports exactly what it gets wrong and exits 1; the page walks to the end (${expectOutcomes(EXAMPLE_SHOP)})`, async () => {
    const { outcome, report, har } = await observeWalk(EXAMPLE_SHOP);
    assert.match(outcome.stdout, /1 passed/, outcome.stdout + outcome.stderr);
    assert.deepEqual(ids(report), [...EXAMPLE_SHOP.findings].sort(), outcome.stdout);
    assert.equal(outcome.code, 1, outcome.stderr);
    for (const secret of SECRETS) assert.ok(!har.includes(secret), `${secret} in traffic.har`);
    assert.equal(JSON.parse(har).log.entries.length, report.exchanges);
  });

  it(`${CORRECT_SHOP.name}: no finding, exit 0`, async () => {
    const { outcome, report, har } = await observeWalk(CORRECT_SHOP);
    assert.match(outcome.stdout, /1 passed/, outcome.stdout + outcome.stderr);
    assert.deepEqual(ids(report), [], outcome.stdout);
    assert.equal(outcome.code, 0, outcome.stderr);
    for (const secret of SECRETS) assert.ok(!har.includes(secret), `${secret} in traffic.har`);
    // Chromium's own traffic: the requests carry Sec-Fetch-Mode, so each was judged for the page's Origin.
    assert.ok(report.exchanges >= 5, String(report.exchanges));
  });

  for (const shop of BROKEN_SHOPS) {
    it(`${shop.name}: found in Chromium's traffic with exactly ${[shop.finding, ...shop.alongside].join(' and ')}`, async () => {
      const { outcome, report } = await observeWalk(shop);
      assert.match(outcome.stdout, /1 passed/, outcome.stdout + outcome.stderr);
      assert.deepEqual(ids(report), [shop.finding, ...shop.alongside].sort(), outcome.stdout);
    });
  }

  it('the test is not vacuous: a step that ends otherwise than expected fails it, and the command\'s failure is observe\'s exit', async () => {
    const { outcome } = await observeWalk({ ...CORRECT_SHOP, pageShows: { items: 'ok', signin: 'ok', me: 'error', signout: 'ok' } });
    assert.equal(outcome.code, 1, outcome.stdout);
    assert.match(outcome.stdout, /EXPECT_OUTCOMES says the me step ends "error"; the page shows: Signed in: Alice Liddell/);
    assert.match(outcome.stdout, /command: .*: exited 1/);
  });
});
