/**
 * One level rule (runner/run/gherkin.ts levelOf): @SHOULD makes a scenario
 * SHOULD, anything else is MUST. The reports and the spec book read the same
 * function, and a scenario tagged both levels is refused before anything
 * runs, with its file and line, rather than counted one way here and another
 * way there.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasBothLevels, levelOf } from '../../runner/run/gherkin';
import { cli, reportDir } from '../support/cli';

describe('the level rule', () => {
  const cases: [string[], 'MUST' | 'SHOULD'][] = [
    [['@MUST', '@id:a-1'], 'MUST'],
    [['@SHOULD', '@id:a-2'], 'SHOULD'],
    [['@id:a-3'], 'MUST'],
    [[], 'MUST'],
  ];
  for (const [tags, level] of cases) it(`${tags.join(' ') || 'no tags'} is ${level}`, () => assert.equal(levelOf(tags), level));

  it('both levels at once are recognised', () => {
    assert.equal(hasBothLevels(['@MUST', '@SHOULD']), true);
    assert.equal(hasBothLevels(['@SHOULD']), false);
  });

  it("a user's scenario tagged both @MUST and @SHOULD is refused: exit 2, file:line, nothing run", async () => {
    const { code, stdout, stderr } = await cli(['--no-browser', '--report-dir', reportDir(), '--features', 'test/fixtures/feature-errors/both-levels.feature']);
    assert.equal(code, 2, stdout + stderr);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      'response-conformance: a problem in the features, so nothing was run:\n' +
        'test/fixtures/feature-errors/both-levels.feature:4: "The item list answers" is tagged both @MUST and @SHOULD, but a requirement has one level: keep @MUST where the FastAPI docs or a standard require it, @SHOULD where it is good practice\n',
    );
  });
});
