/** Counting scenarios by area and level, for the terminal, summary.md and report.html alike. */
import { STATUSES, type Level, type ScenarioResult, type ScenarioStatus } from '../run/summary';

export const LEVELS: readonly Level[] = ['MUST', 'SHOULD'];

export interface Cell {
  readonly total: number;
  readonly counts: Readonly<Record<ScenarioStatus, number>>;
}

export function areasOf(scenarios: readonly ScenarioResult[]): string[] {
  return [...new Set(scenarios.map((s) => s.area))];
}

export function cellOf(scenarios: readonly ScenarioResult[], area: string, level: Level): Cell {
  const rows = scenarios.filter((s) => s.area === area && s.level === level);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ScenarioStatus, number>;
  for (const row of rows) counts[row.status] += 1;
  return { total: rows.length, counts };
}

/** "5/7 passed, 1 failed, 1 expected-failure": passes over the total, then whatever else happened. */
export function describeCell(cell: Cell): string {
  if (cell.total === 0) return '';
  const extras = (Object.entries(cell.counts) as [ScenarioStatus, number][]).filter(([status, n]) => status !== 'passed' && n > 0);
  return [`${cell.counts.passed}/${cell.total}`, ...extras.map(([status, n]) => `${n} ${status}`)].join(', ');
}

/** What a reader must look at: everything but plain passes and skips (errors of the run included). */
export function noteworthy(scenarios: readonly ScenarioResult[]): ScenarioResult[] {
  return scenarios.filter((s) => s.status !== 'passed' && s.status !== 'skipped');
}
