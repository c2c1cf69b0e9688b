/** observe's verdict as a person reads it in a terminal: per operation, what was called, how often, what the frontend could read, and every finding with its count and first exchange. */
import type { ObservedFinding, ObservedOperation, ObserveReport } from '../observe/index';
import { observeExitCode } from '../observe/index';
import { exchangeWords } from '../observe/html';
import type { Style } from './terminal';

function statuses(operation: ObservedOperation): string {
  return Object.entries(operation.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}

function findingLines(f: ObservedFinding, style: Style, indent: string): string[] {
  const level = f.level === 'MUST' ? style.red('MUST') : style.yellow('SHOULD');
  const times = f.count === 1 ? 'once' : `${f.count} times`;
  return [`${indent}${level} ${f.id} (${times}; first ${exchangeWords(f.first)}): ${f.message}`];
}

export function formatObserveText(report: ObserveReport, style: Style): string {
  const out: string[] = [];
  const source = report.har === undefined ? `through ${report.proxy ?? '(no proxy)'}` : `from ${report.har.source}`;
  out.push(style.bold(`observe: ${report.target}, ${report.exchanges} exchange${report.exchanges === 1 ? '' : 's'} ${source}`));
  if (report.document !== undefined) {
    const d = report.document;
    out.push(`document: ${d.title} ${d.version} (OpenAPI ${d.openapi}${d.framework === null ? '' : `, written by ${d.framework}`}) from ${d.source}: ${d.operations} operations`);
  } else out.push(style.dim('no --openapi: the document\'s promises were not judged; exchanges are grouped by route'));
  out.push(`credentials: ${report.credentials.mode} (${report.credentials.why})`);
  if (report.command !== undefined) {
    const c = report.command;
    const ended = c.notStarted ?? (c.signal !== null ? `ended by ${c.signal}` : `exited ${c.exitCode}`);
    out.push(`command: ${c.argv.join(' ')}: ${ended}`);
  }
  for (const [kind, count] of Object.entries(report.unanswered)) out.push(style.dim(`${count} exchange${count === 1 ? '' : 's'} without an answer: ${kind}`));
  if (report.passedThrough > 0) out.push(style.dim(`${report.passedThrough} passed through unjudged (WebSocket, Server-Sent Events)`));
  for (const note of report.har?.omissions ?? []) out.push(style.dim(`the HAR leaves out: ${note}`));
  for (const problem of report.har?.problems ?? []) out.push(style.dim(`HAR entry ${problem.entry}: ${problem.message}`));
  for (const [origin, count] of Object.entries(report.har?.elsewhere ?? {})) out.push(style.dim(`${count} HAR entr${count === 1 ? 'y' : 'ies'} to ${origin}, not --target: not judged`));
  out.push('');
  for (const operation of report.operations) {
    const mark = operation.findings.some((f) => f.level === 'MUST') ? style.red('✗') : operation.findings.length > 0 ? style.yellow('!') : style.green('✓');
    const preflights = operation.preflights > 0 ? `, ${operation.preflights} preflight${operation.preflights === 1 ? '' : 's'}` : '';
    out.push(`${mark} ${style.bold(operation.label)}${operation.documented ? '' : style.dim(report.document === undefined ? '' : ' (not in the document)')}  ${operation.exchanges - operation.preflights} request${operation.exchanges - operation.preflights === 1 ? '' : 's'}${preflights}  ${statuses(operation)}`);
    if (operation.granted + operation.refused > 0) {
      out.push(`    the frontend on ${operation.origins.join(', ')}: granted ${operation.granted}, refused ${operation.refused}`);
      if (operation.readable.length > 0) out.push(`    readable: ${operation.readable.join(', ')}`);
      if (operation.hidden.length > 0) out.push(style.dim(`    hidden: ${operation.hidden.join(', ')}`));
    }
    for (const f of operation.findings) out.push(...findingLines(f, style, '    '));
    for (const note of operation.notes) out.push(style.dim(`    note: ${note}`));
  }
  if (report.findings.length > 0) {
    out.push('', style.bold('the whole API'));
    for (const f of report.findings) out.push(...findingLines(f, style, '    '));
  }
  for (const note of report.notes) out.push(style.dim(`note: ${note}`));
  out.push('');
  const exit = observeExitCode(report);
  if (report.error !== undefined) out.push(style.red(`could not judge: ${report.error}`));
  out.push(`${report.levels.MUST} MUST and ${report.levels.SHOULD} SHOULD finding${report.levels.MUST + report.levels.SHOULD === 1 ? '' : 's'} over ${report.operations.length} operation${report.operations.length === 1 ? '' : 's'}; exit ${exit}`);
  return `${out.join('\n')}\n`;
}
