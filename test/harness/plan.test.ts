/**
 * The plan lists the scenarios from the pickles the feature check compiled,
 * without a dry run of cucumber's. It must list exactly what cucumber runs:
 * the same scenarios, ids, names, features, levels and order, whatever the
 * features and the tags. Each case here is held against cucumber's own dry
 * run of the same files and tags.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configuration, runOnce } from '../../runner/run/cucumber';
import { MessageCollector } from '../../runner/run/collector';
import { planRun, planScenarios, prepareFeatures } from '../../runner/run/plan';
import { UsageError } from '../../runner/configuration';
import { DEFAULT_PARAMETERS } from '../../browser/parameters';
import { runOptions } from '../support/options';

const OUTLINES = 'test/fixtures/plan/outlines.feature';

/** What cucumber's dry run of the same files and tags lists, as the plan names scenarios. */
async function cucumberLists(features: readonly string[], withContract: boolean, tags: string | undefined) {
  const { files } = await prepareFeatures({ features, withContract, tags: undefined });
  const collector = new MessageCollector(); // a dry run sends nothing: the target is never asked
  await runOnce(await configuration({ tags, retries: 0 }, { ...DEFAULT_PARAMETERS, target: 'http://127.0.0.1:9' }, files), collector, true);
  return collector.results().map(({ id, area, feature, name, level }) => ({ id, area, feature, name, level }));
}

const CASES: { what: string; features: string[]; withContract: boolean; tags?: string }[] = [
  { what: 'the contract', features: [], withContract: false },
  { what: 'the contract, @MUST and not @browser', features: [], withContract: false, tags: '@MUST and not @browser' },
  { what: 'the contract, one id', features: [], withContract: false, tags: '@id:cors-3' },
  { what: 'Scenario Outlines, Rules and Backgrounds', features: [OUTLINES], withContract: false },
  { what: 'an Examples table by its tag', features: [OUTLINES], withContract: false, tags: '@later or @SHOULD' },
  { what: 'a tag no scenario carries', features: [OUTLINES], withContract: false, tags: '@nowhere' },
  { what: "a user's folders with the contract", features: ['examples/own-api', 'test/fixtures/unseen-api', OUTLINES], withContract: true, tags: 'not @catalogue' },
];

describe("the plan lists what cucumber's dry run lists", () => {
  for (const c of CASES) {
    it(c.what, async () => {
      const planned = (await planScenarios({ features: c.features, withContract: c.withContract, tags: c.tags })).scenarios;
      assert.deepEqual(planned, await cucumberLists(c.features, c.withContract, c.tags));
    });
  }

  it("numbers an outline's rows across its Examples tables, and names a scenario without an id from its file and name", async () => {
    const ids = (await planScenarios({ features: [OUTLINES], withContract: false })).scenarios.map((s) => `${s.id} ${s.level}`);
    assert.deepEqual(ids.slice(0, 4), ['pages-1.1 MUST', 'pages-1.2 MUST', 'pages-1.3 MUST', 'pages-2 SHOULD']);
    assert.match(ids[4], /^outlines-[0-9a-f]{6} SHOULD$/);
  });

  it('knows a @browser scenario needs the browser, and runs it in each engine asked for', async () => {
    const plan = await planRun(runOptions({ features: [], browsers: ['chromium', 'firefox'] }));
    assert.equal(plan.needsBrowser, true);
    const inFirefox = plan.selected.filter((s) => s.engine === 'firefox');
    assert.ok(inFirefox.length > 0 && inFirefox.every((s) => s.id.endsWith('@firefox')));
    const none = await planRun(runOptions({ features: [OUTLINES], tags: '@first' }));
    assert.equal(none.needsBrowser, false);
  });

  it('refuses a --tags that is not a tag expression, saying what is wrong, before reading a feature', async () => {
    await assert.rejects(
      planScenarios({ features: ['no/such/folder'], withContract: false, tags: '@MUST and (' }),
      (error: Error) => error instanceof UsageError && /^--tags "@MUST and \(": not a tag expression: .+ \(e\.g\. "@MUST and not @id:cors-3"/.test(error.message),
    );
  });
});
