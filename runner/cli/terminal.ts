/**
 * What a person reads: a progress line while the suite runs, then a header
 * naming the target and the origin the scripts were on, each failure with
 * its requirement, expected against actual and the response head, a table
 * by area and level, and the verdict. Colour only on a
 * terminal, and never when NO_COLOR is set (https://no-color.org/).
 */
import { failsGate, type PlannedScenario, type ScenarioResult, type ScenarioStatus, type Summary } from '../run/summary';
import { verdictOf } from '../reports/verdict';
import { LEVELS, areasOf, cellOf, describeCell, noteworthy } from '../reports/tables';
import { contractAdvice, headerLine, originTrap } from '../reports/advice';

export interface Style {
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly magenta: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const sgr = (code: number, reset: number) => (s: string) => `\x1b[${code}m${s}\x1b[${reset}m`;
const COLOUR: Style = { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), magenta: sgr(35, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
const PLAIN: Style = { red: (s) => s, green: (s) => s, yellow: (s) => s, magenta: (s) => s, dim: (s) => s, bold: (s) => s };

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  return stream.isTTY === true && !env.NO_COLOR ? COLOUR : PLAIN;
}

/** A mark per scenario, as cucumber's progress formatter writes them (E: an error of the run). */
const MARKS: Readonly<Record<ScenarioStatus, string>> = { passed: '.', failed: 'F', skipped: '-', flaky: '~', 'expected-failure': 'x', 'unexpected-pass': 'U', error: 'E' };

/** On a terminal one line, rewritten as scenarios finish; elsewhere a mark per scenario, as cucumber's progress does. */
export class Progress {
  private total = 0;
  private done = 0;
  private failed = 0;
  private errors = 0;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly style: Style,
  ) {}

  plan(total: number): void {
    this.total = total;
  }

  scenario(result: ScenarioResult): void {
    this.done += 1;
    if (result.status === 'failed') this.failed += 1;
    if (result.status === 'error') this.errors += 1;
    if (this.out.isTTY) {
      const failed = this.failed > 0 ? this.style.red(`${this.failed} failed`) : this.style.green('0 failed');
      const errors = this.errors > 0 ? `, ${this.style.yellow(`${this.errors} not judged`)}` : '';
      this.out.write(`\r\x1b[2K[${this.done}/${this.total}] ${failed}${errors}  ${this.style.dim(`${result.id} ${result.name}`).slice(0, 100)}`);
    } else {
      this.out.write(MARKS[result.status]);
    }
  }

  end(): void {
    if (this.done === 0) return;
    this.out.write(this.out.isTTY ? '\r\x1b[2K' : '\n\n');
  }
}

export function formatList(scenarios: readonly PlannedScenario[]): string {
  const width = Math.max(...scenarios.map((s) => s.id.length), 2);
  return scenarios.map((s) => `${s.id.padEnd(width)}  ${s.level.padEnd(6)}  ${s.name}`).join('\n');
}

function label(s: ScenarioResult, strict: boolean, style: Style): string {
  // Never FAIL: the run could not judge it, and the server broke no rule.
  if (s.status === 'error') return style.yellow(style.bold('ERROR OF THE RUN'));
  if (failsGate(s, strict)) return style.red(style.bold(s.status === 'unexpected-pass' ? 'UNEXPECTED PASS' : 'FAIL'));
  if (s.status === 'failed') return style.yellow(style.bold('WARN'));
  if (s.status === 'expected-failure') return style.magenta('EXPECTED FAILURE');
  return style.magenta('FLAKY');
}

/** The report's first lines: the target and the origin the scripts were on, and the origin trap when the run fell into it. */
export function formatHeader(summary: Summary, style: Style = PLAIN): string[] {
  const trap = originTrap(summary);
  return [headerLine(summary), ...(trap === undefined ? [] : [style.yellow(`note: ${trap}`)]), ''];
}

export function formatReport(summary: Summary, style: Style = PLAIN): string {
  const out: string[] = formatHeader(summary, style);
  for (const s of noteworthy(summary.scenarios)) {
    const kind = s.outcome && s.outcome !== 'assertion' && s.status !== 'error' ? ` (${s.outcome})` : '';
    out.push(`${label(s, summary.strict, style)}${kind} ${style.bold(s.id)} [${s.level}] ${s.name}`);
    out.push(style.dim(`     in ${s.feature}${s.attempts > 1 ? `, ${s.attempts} attempts` : ''}`));
    if (s.status === 'error') out.push(`     not judged: the run went wrong here, not the server${s.at ? ` (thrown at ${s.at})` : ''}`);
    if (s.reason) out.push(`     baseline: ${s.reason}`);
    for (const text of [s.message, s.response]) if (text) out.push(...text.split('\n').map((line) => `     ${line}`));
    out.push('');
  }
  const advice = contractAdvice(summary);
  if (advice !== undefined) out.push(...advice.lines.map((line) => style.yellow(line)), ...advice.commands.map((command) => `  ${command}`), '');
  out.push(formatTable(summary));
  out.push('');
  if (summary.engineDisagreements) out.push(...summary.engineDisagreements.map((d) => style.magenta(`the browser engines disagree on ${d}`)), '');
  if (summary.warnings) out.push(...summary.warnings.map((w) => style.yellow(`warning: ${w}`)), '');
  if (summary.error) out.push(style.red(`${summary.interrupted ? 'interrupted' : 'error'}: ${summary.error}`));
  const verdict = verdictOf(summary);
  out.push(`verdict: ${summary.conformant ? style.green(style.bold(verdict)) : style.red(style.bold(verdict))}`);
  return out.join('\n');
}

/**
 * The plain closing line CI tools read: "conformance: N passed, N failed, N
 * skipped", then the other statuses that occurred; errors of the run last,
 * saying the run could not judge.
 */
export function closingLine(summary: Summary): string {
  const { passed, failed, skipped, error } = summary.counts;
  const others = (['expected-failure', 'unexpected-pass', 'flaky'] as const).filter((s) => summary.counts[s] > 0).map((s) => `, ${summary.counts[s]} ${s}`);
  const errors = error > 0 ? `, ${error} error${error === 1 ? '' : 's'} of the run: the run could not judge` : '';
  return `conformance: ${passed} passed, ${failed} failed, ${skipped} skipped${others.join('')}${errors}`;
}

function formatTable(summary: Summary): string {
  const rows = areasOf(summary.scenarios).map((a) => [a, ...LEVELS.map((l) => describeCell(cellOf(summary.scenarios, a, l)))]);
  const header = ['area', ...LEVELS.map((l) => `${l} passed`)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
