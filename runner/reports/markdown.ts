/**
 * summary.md: short enough for a CI job summary; appended to
 * $GITHUB_STEP_SUMMARY when set. It says what the terminal says: the target
 * and origin, the origin trap, the failures, and a contract run against an
 * API that does not serve it.
 */
import type { ScenarioResult, Summary } from '../run/summary';
import { verdictOf } from './verdict';
import { LEVELS, areasOf, cellOf, describeCell, noteworthy } from './tables';
import { contractAdvice, credentialsPart, originSource, originTrap } from './advice';

export function summaryMarkdown(summary: Summary): string {
  const origin = summary.origin === undefined ? '' : ` · scripts on \`${summary.origin}\` (${originSource(summary.origin)})${credentialsPart(summary)}`;
  const out = [`### response-conformance: ${verdictOf(summary)}`, '', `Target: \`${summary.target}\`${origin}${summary.strict ? ' (--strict)' : ''}`, ''];
  const trap = originTrap(summary);
  if (trap !== undefined) out.push(`**Note:** ${escapeCell(trap)}`, '');
  if (summary.error) out.push(`**Error:** ${escapeCell(summary.error)}`, '');
  if (summary.engineDisagreements) out.push('**The browser engines disagree:**', ...summary.engineDisagreements.map((d) => `- ${escapeCell(d)}`), '');
  if (summary.warnings) out.push('About the features:', ...summary.warnings.map((w) => `- ${escapeCell(w)}`), '');
  out.push(`| area | ${LEVELS.join(' | ')} |`, `|---|${LEVELS.map(() => '---').join('|')}|`);
  for (const area of areasOf(summary.scenarios)) {
    out.push(`| ${area} | ${LEVELS.map((level) => describeCell(cellOf(summary.scenarios, area, level)) || '·').join(' | ')} |`);
  }
  const shown = noteworthy(summary.scenarios);
  if (shown.length > 0) {
    out.push('');
    for (const s of shown.slice(0, 30)) out.push(line(s));
    if (shown.length > 30) out.push(`- … and ${shown.length - 30} more in report.html`);
  }
  const advice = contractAdvice(summary);
  if (advice !== undefined) out.push('', `**Note:** ${advice.lines.map(escapeCell).join(' ')}`, '', '```sh', ...advice.commands, '```');
  return `${out.join('\n')}\n`;
}

/** A scenario to look at; an error of the run says so, and what went wrong, since no other line shows it. */
function line(s: ScenarioResult): string {
  const head = `- \`${s.id}\` ${s.level}`;
  if (s.status === 'error') return `${head} **error of the run** (not judged): ${escapeCell(s.name)}: ${escapeCell(s.message ?? 'no message')}${s.at ? ` (at \`${escapeCell(s.at)}\`)` : ''}`;
  return `${head} **${s.status}**: ${escapeCell(s.name)}${s.reason ? ` (baseline: ${escapeCell(s.reason)})` : ''}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
