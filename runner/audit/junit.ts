/**
 * The audit as junit.xml, for CI viewers: a testsuite per route (named by
 * its operation when the document has one), a testcase per rule judged on
 * it, as runner/reports/junit.ts does for a run. Only a MUST finding is a
 * <failure>, as only a MUST finding fails the command (exit 1); a SHOULD
 * finding passes with a note; an operation not called is <skipped>, with why.
 */
import junit from 'junit-report-builder';
import { levelOf, rulesIn, type RuleId } from '../../rules/catalogue';
import { uncheckedNote, type Finding } from './explain';
import type { AuditReport, NotCalled } from './index';
import type { RouteAudit } from './inspect';

/** A route's own rules: its answer's and its cookies', then its preflight's and its document's promises when it has them. */
const ROUTE_RULES = [...rulesIn('route'), ...rulesIn('cookie')];

type Suite = ReturnType<ReturnType<typeof junit.newBuilder>['testSuite']>;

function firstLine(text: string): string {
  return text.split('\n')[0];
}

/** One testcase: the rule, failed by its MUST findings, warned by its SHOULD ones. */
function ruleCase(suite: Suite, className: string, id: RuleId, found: readonly Finding[]): void {
  const level = levelOf(id);
  const testCase = suite.testCase().className(className).name(`${id} [${level}]`);
  const details = found.map((f) => `${f.level} ${f.id}: ${f.message}${f.pointer === undefined ? '' : `\nevidence: ${f.pointer}`}`).join('\n');
  if (found.some((f) => f.level === 'MUST')) {
    testCase.failure(firstLine(found.find((f) => f.level === 'MUST')!.message), `MUST ${id}`);
    testCase.stacktrace(details);
  } else if (found.length > 0) {
    testCase.standardOutput(`SHOULD warning (does not fail the audit): ${details}`);
  }
}

function routeSuite(builder: ReturnType<typeof junit.newBuilder>, route: RouteAudit, withDocument: boolean): void {
  const operation = route.operation ?? null;
  const sent = `${route.method} ${route.path}`;
  const name = operation === null || operation === route.path ? sent : `${route.method} ${operation} (${sent})`;
  const suite = builder.testSuite().name(name);
  const className = `response-conformance.audit.${route.method} ${operation ?? route.path}`;
  const rules = [...ROUTE_RULES, ...(route.preflight === null ? [] : rulesIn('preflight')), ...(withDocument && operation !== null ? rulesIn('promise') : [])];
  for (const id of rules) ruleCase(suite, className, id, route.findings.filter((f) => f.id === id));
  // A schema Ajv cannot compile: what it would have judged was not judged, so it is <skipped>, with why.
  for (const unchecked of route.unchecked ?? []) {
    suite.testCase().className(className).name(`${unchecked.unchecked === 'body' ? 'the body' : `the header ${unchecked.header ?? ''}`} fits its schema`).skipped().standardOutput(`not checked: ${uncheckedNote(unchecked)}`);
  }
}

function notCalledSuite(builder: ReturnType<typeof junit.newBuilder>, entry: NotCalled): void {
  const suite = builder.testSuite().name(`${entry.method} ${entry.operation} (not called)`);
  const className = `response-conformance.audit.${entry.method} ${entry.operation}`;
  if (entry.preflight !== undefined) for (const id of rulesIn('preflight')) ruleCase(suite, className, id, entry.findings.filter((f) => f.id === id));
  suite
    .testCase()
    .className(className)
    .name('called as the frontend would')
    .skipped()
    .standardOutput(`not called: ${entry.reason}${entry.flag === null ? '' : `; to call it: ${entry.flag}`}`);
}

export function auditJunitXml(report: AuditReport): string {
  const builder = junit.newBuilder().name('response-conformance audit');
  const whole = builder.testSuite().name('the whole API');
  for (const id of rulesIn('api')) ruleCase(whole, 'response-conformance.audit', id, report.findings.filter((f) => f.id === id));
  if (report.error !== undefined) whole.testCase().className('response-conformance.audit').name('the API could be judged').error(report.error);
  for (const route of report.routes) routeSuite(builder, route, report.document !== undefined);
  for (const entry of report.notCalled ?? []) notCalledSuite(builder, entry);
  return builder.build();
}
