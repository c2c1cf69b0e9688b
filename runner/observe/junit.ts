/**
 * observe's verdict as junit.xml, for CI viewers, as runner/audit/junit.ts
 * writes the audit's: a testsuite per operation (or route), a testcase per
 * rule judged on it: the route's and the cookie rules always, the preflight
 * rules when a preflight was seen, the document's promises when one was read
 * and declares the operation. Only a MUST finding is a <failure> (as only a
 * MUST finding fails the command); its message is the finding's first line,
 * its details the count and the first exchange. A SHOULD finding passes,
 * with its text in system-out. Exchanges without an answer (502, 504) and
 * the operation's notes are a passing case's system-out; a report that
 * could not be judged has an <error> case.
 */
import junit from 'junit-report-builder';
import { levelOf, rulesIn, type RuleId } from '../../rules/catalogue';
import { exchangeWords } from './html';
import type { ObserveReport } from './index';
import type { ObservedFinding, ObservedOperation } from './judge';

type Builder = ReturnType<typeof junit.newBuilder>;
type Suite = ReturnType<Builder['testSuite']>;

const firstLine = (text: string) => text.split('\n')[0];

function details(f: ObservedFinding): string {
  const times = f.count === 1 ? 'once' : `${f.count} times`;
  return `${f.level} ${f.id} (${times}; first ${exchangeWords(f.first)}${f.first.origin === null ? '' : ` from ${f.first.origin}`}): ${f.message}${f.pointer === undefined ? '' : `\nthe document: ${f.pointer}`}`;
}

/** One testcase: the rule, failed by its MUST findings, passing with a note for its SHOULD ones. */
function ruleCase(suite: Suite, className: string, id: RuleId, found: readonly ObservedFinding[]): void {
  const testCase = suite.testCase().className(className).name(`${id} [${levelOf(id)}]`);
  const text = found.map(details).join('\n');
  const must = found.find((f) => f.level === 'MUST');
  if (must !== undefined) {
    testCase.failure(firstLine(must.message), `MUST ${id}`);
    testCase.stacktrace(text);
  } else if (found.length > 0) {
    testCase.standardOutput(`SHOULD warning (does not fail observe): ${text}`);
  }
}

/** The rules judged on an operation: what the traffic let the judge see. */
function rulesFor(operation: ObservedOperation, withDocument: boolean): RuleId[] {
  const ids = [...rulesIn('route'), ...rulesIn('cookie'), ...(operation.preflights > 0 ? rulesIn('preflight') : []), ...(withDocument && operation.documented ? rulesIn('promise') : [])];
  // A finding of a rule outside these (its scope's rules were not expected here) still gets its case.
  for (const f of operation.findings) if (!ids.includes(f.id)) ids.push(f.id);
  return ids;
}

function operationSuite(builder: Builder, operation: ObservedOperation, withDocument: boolean): void {
  const suite = builder.testSuite().name(operation.label);
  const className = `response-conformance.observe.${operation.label}`;
  for (const id of rulesFor(operation, withDocument)) ruleCase(suite, className, id, operation.findings.filter((f) => f.id === id));
  const statuses = Object.entries(operation.statuses).map(([status, count]) => `${status}×${count}`).join(' ');
  const seen = [
    `${operation.exchanges - operation.preflights} requests, ${operation.preflights} preflights${statuses === '' ? '' : `, ${statuses}`}`,
    ...(operation.origins.length > 0 ? [`from ${operation.origins.join(', ')}: granted ${operation.granted}, refused ${operation.refused}`] : []),
    ...(operation.readable.length > 0 ? [`readable: ${operation.readable.join(', ')}`] : []),
    ...(operation.hidden.length > 0 ? [`hidden: ${operation.hidden.join(', ')}`] : []),
    `first: ${exchangeWords(operation.first)}`,
    ...operation.notes.map((note) => `note: ${note}`),
  ];
  suite.testCase().className(className).name('observed exchanges').standardOutput(seen.join('\n'));
}

export function observeJunitXml(report: ObserveReport): string {
  const builder = junit.newBuilder().name('response-conformance observe');
  const whole = builder.testSuite().name('the whole API');
  const className = 'response-conformance.observe';
  for (const id of rulesIn('api')) ruleCase(whole, className, id, report.findings.filter((f) => f.id === id));
  for (const id of new Set(report.findings.map((f) => f.id))) if (!rulesIn('api').includes(id)) ruleCase(whole, className, id, report.findings.filter((f) => f.id === id));
  if (report.error !== undefined) whole.testCase().className(className).name('the traffic could be judged').error(report.error);
  const unanswered = Object.entries(report.unanswered).map(([kind, count]) => `${count} exchange${count === 1 ? '' : 's'} without an answer: ${kind}`);
  const notes = [...unanswered, ...report.notes.map((n) => `note: ${n}`), ...(report.har?.omissions ?? []).map((o) => `the HAR leaves out: ${o}`)];
  if (notes.length > 0) whole.testCase().className(className).name('every exchange was answered and judged').standardOutput(notes.join('\n'));
  const withDocument = report.document !== undefined;
  for (const operation of report.operations) operationSuite(builder, operation, withDocument);
  return builder.build();
}
