/**
 * junit.xml for CI viewers: a testsuite per feature, a testcase per
 * scenario named by its id and title. Only what fails the gate is a
 * <failure>; an expected failure is <skipped> with the reason, a flaky
 * scenario passes with a note, so the viewer's verdict matches the gate's.
 * A scenario the run could not judge is an <error>, JUnit's word for a test
 * that broke rather than failed: never a <failure> of the server.
 */
import junit from 'junit-report-builder';
import { failsGate, type Summary } from '../run/summary';

export function junitXml(summary: Summary): string {
  const builder = junit.newBuilder().name('response-conformance');
  const features = [...new Set(summary.scenarios.map((s) => s.feature))];
  for (const feature of features) {
    const suite = builder.testSuite().name(feature);
    for (const scenario of summary.scenarios.filter((s) => s.feature === feature)) {
      const testCase = suite
        .testCase()
        .className(`response-conformance.${scenario.area}`)
        .name(`${scenario.id} [${scenario.level}] ${scenario.name}`)
        .time(scenario.durationMs / 1000);
      const details = [scenario.message, scenario.response].filter(Boolean).join('\n');
      if (scenario.status === 'error') {
        const at = scenario.at === undefined ? '' : `\nat ${scenario.at}`;
        testCase.error(`the run could not judge it: ${firstLine(scenario.message ?? 'no message')}`, 'error of the run', `${details}${at}`);
      } else if (failsGate(scenario, summary.strict)) {
        testCase.failure(firstLine(scenario.message ?? scenario.status), scenario.status === 'unexpected-pass' ? 'unexpected-pass' : `${scenario.level} ${scenario.outcome ?? 'assertion'}`);
        testCase.stacktrace(details);
      } else if (scenario.status === 'failed') {
        // A SHOULD failure without --strict: reported, not failing.
        testCase.standardOutput(`SHOULD warning (fails only with --strict): ${details}`);
      } else if (scenario.status === 'expected-failure') {
        testCase.skipped().standardOutput(`expected failure (baseline: ${scenario.reason}): ${details}`);
      } else if (scenario.status === 'skipped') {
        testCase.skipped();
        if (scenario.message) testCase.standardOutput(scenario.message);
      } else if (scenario.status === 'flaky') {
        testCase.standardOutput(`flaky: passed only after ${scenario.attempts} attempts; it first failed with: ${details}`);
      }
    }
  }
  return builder.build();
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
