/** What a person reads at the end of a run: each failure, a table by area and level, the verdict. */
import type { Level, PlannedScenario, ScenarioStatus, Summary } from './summary';

const MARK: Record<ScenarioStatus, string> = { passed: '.', failed: 'F', skipped: '-' };

export function progressMark(status: ScenarioStatus): string {
  return MARK[status];
}

export function formatList(scenarios: readonly PlannedScenario[]): string {
  const width = Math.max(...scenarios.map((s) => s.id.length), 2);
  return scenarios.map((s) => `${s.id.padEnd(width)}  ${s.level.padEnd(6)}  ${s.name}`).join('\n');
}

export function formatReport(summary: Summary): string {
  const out: string[] = [];
  const failures = summary.scenarios.filter((s) => s.status === 'failed');
  for (const failure of failures) {
    const gate = failure.level === 'MUST' || summary.strict ? 'FAIL' : 'WARN';
    out.push(`${gate} ${failure.id} [${failure.level}] ${failure.name}`);
    out.push(`     in ${failure.feature}`);
    out.push(...(failure.message ?? '').split('\n').map((line) => `     ${line}`));
    out.push('');
  }
  out.push(formatTable(summary));
  out.push('');
  out.push(`target: ${summary.target}`);
  if (summary.error) out.push(`error: ${summary.error}`);
  out.push(`verdict: ${verdict(summary)}`);
  return out.join('\n');
}

/** The plain closing line CI tools read: "conformance: N passed, N failed, N skipped". */
export function closingLine(summary: Summary): string {
  return `conformance: ${summary.counts.passed} passed, ${summary.counts.failed} failed, ${summary.counts.skipped} skipped`;
}

function verdict(summary: Summary): string {
  if (summary.conformant) {
    const warnings = summary.scenarios.filter((s) => s.status === 'failed').length;
    return warnings === 0 ? 'CONFORMANT' : `CONFORMANT with ${warnings} SHOULD warning(s); --strict would fail`;
  }
  if (summary.error) return 'NOT JUDGED';
  const must = summary.scenarios.filter((s) => s.status === 'failed' && s.level === 'MUST').length;
  const should = summary.scenarios.filter((s) => s.status === 'failed' && s.level === 'SHOULD').length;
  return `NOT CONFORMANT (${must} MUST and ${should} SHOULD failure(s)${summary.strict ? ', --strict' : ''})`;
}

function formatTable(summary: Summary): string {
  const levels: Level[] = ['MUST', 'SHOULD'];
  const areas = [...new Set(summary.scenarios.map((s) => s.area))];
  const cell = (area: string, level: Level) => {
    const rows = summary.scenarios.filter((s) => s.area === area && s.level === level);
    if (rows.length === 0) return '';
    const passed = rows.filter((s) => s.status === 'passed').length;
    const failed = rows.filter((s) => s.status === 'failed').length;
    const skipped = rows.length - passed - failed;
    return `${passed}/${rows.length}${failed ? ` ${failed} failed` : ''}${skipped ? ` ${skipped} skipped` : ''}`;
  };
  const rows = areas.map((a) => [a, ...levels.map((l) => cell(a, l))]);
  const header = ['area', ...levels.map((l) => `${l} passed`)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
