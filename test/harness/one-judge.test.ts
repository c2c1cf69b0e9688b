/**
 * One judge: the sentences and the audit give the same verdict on the same
 * answers. A server replays recorded answers (test/fixtures/one-judge/),
 * each putting a question the two surfaces once answered apart: which
 * answers have no body, a body where the document declares none, no
 * Content-Type with an empty body, an optional declared header missing (and
 * an empty JSON body, a required header, a hidden one, a static grant
 * without Vary). The audit reads the server's own document; a feature asks
 * the same of each answer in the vocabulary. For every answer both name the
 * same rules, and those are the ones the catalogue's judge decided.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAudit, type AuditReport } from '../../runner/audit/index';
import { parseAuditCommand } from '../../runner/cli/options';
import { runSuite } from '../../runner/run/index';
import type { ScenarioResult } from '../../runner/run/summary';
import { RULES, type RuleId } from '../../rules/catalogue';
import { JUDGE_ORIGIN, RECORDED, type Recorded } from '../fixtures/one-judge/answers';
import { startJudgeServer } from '../fixtures/one-judge/server';
import { runOptions } from '../support/options';

const slug = (recorded: Recorded) => recorded.path.split('/').pop()!;

/** The feature: for each answer, the client's sentence; for an answer with a script's question, the script's sentence too. */
function feature(): string {
  const lines = ['Feature: One judge', '  The same answers, asked in the vocabulary.', ''];
  for (const recorded of RECORDED) {
    lines.push(`  @MUST @id:client-${slug(recorded)}`, `  Scenario: ${recorded.question}, asked by a client`, `    When a client calls "GET ${recorded.path}"`, '    Then the response matches its description in the OpenAPI document', '');
    if (recorded.breaksForScript === undefined) continue;
    const then = recorded.grant === undefined ? 'Then the script can read every header the document declares for the response' : 'Then the response varies by Origin';
    lines.push(`  @MUST @id:script-${slug(recorded)}`, `  Scenario: ${recorded.question}, asked by a script`, `    When a script on "${JUDGE_ORIGIN}" calls "GET ${recorded.path}"`, `    ${then}`, '');
  }
  return lines.join('\n');
}

/** The rules a failed scenario names ("… [content-type-mismatch]"), sorted and once each; none for a pass. */
function rulesNamed(scenario: ScenarioResult | undefined): string[] {
  assert.ok(scenario !== undefined, 'the scenario ran');
  if (scenario.status === 'passed') return [];
  assert.equal(`${scenario.status} ${scenario.outcome}`, 'failed assertion', scenario.message ?? '');
  return [...new Set([...(scenario.message ?? '').matchAll(/\[([a-z-]+)\]/g)].map((m) => m[1]))].sort();
}

/** The audit's findings on the answer's route, those a client's call or a script's view is asked about. */
function auditRules(report: AuditReport, recorded: Recorded, asked: 'client' | 'script'): string[] {
  const route = report.routes.find((r) => r.path === recorded.path);
  assert.ok(route !== undefined, `the audit called ${recorded.path}`);
  const forScript = (id: RuleId) => id === 'declared-header-hidden' || id === 'vary-origin-missing';
  return [...new Set(route.findings.map((f) => f.id).filter((id) => (asked === 'script' ? forScript(id) : RULES[id].scope === 'promise' && !forScript(id))))].sort();
}

describe('the sentence and the audit judge the same answers alike', () => {
  let server: Awaited<ReturnType<typeof startJudgeServer>>;
  let audit: AuditReport;
  let scenarios: Map<string, ScenarioResult>;
  before(async () => {
    server = await startJudgeServer();
    const command = parseAuditCommand(['--target', server.url, '--origin', JUDGE_ORIGIN, '--no-browser']);
    if (command.kind !== 'audit') throw new Error('not an audit');
    audit = await runAudit(command.options);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rc-judge-')), 'judge.feature');
    writeFileSync(file, feature());
    const { summary } = await runSuite(runOptions({ target: server.url, origin: JUDGE_ORIGIN, features: [file], browser: 'off' }));
    scenarios = new Map(summary.scenarios.map((s) => [s.id, s]));
  });
  after(() => server.close());

  it('the audit called every answer and could judge it', () => {
    assert.equal(audit.error, undefined);
    assert.deepEqual(audit.routes.map((r) => r.path).sort(), RECORDED.map((r) => r.path).sort());
    assert.deepEqual(audit.findings, [], 'no finding about the whole API');
  });

  for (const recorded of RECORDED) {
    describe(recorded.question, () => {
      it(`a client's call: both say ${recorded.breaks.length === 0 ? 'it keeps every promise' : recorded.breaks.join(', ')}`, () => {
        const sentence = rulesNamed(scenarios.get(`client-${slug(recorded)}`));
        assert.deepEqual({ sentence, audit: auditRules(audit, recorded, 'client') }, { sentence: [...recorded.breaks], audit: [...recorded.breaks] });
      });
      if (recorded.breaksForScript === undefined) return;
      const expected = [...recorded.breaksForScript];
      it(`a script on the origin: both say ${expected.length === 0 ? 'it breaks nothing' : expected.join(', ')}`, () => {
        const sentence = rulesNamed(scenarios.get(`script-${slug(recorded)}`));
        assert.deepEqual({ sentence, audit: auditRules(audit, recorded, 'script') }, { sentence: expected, audit: expected });
      });
    });
  }
});
