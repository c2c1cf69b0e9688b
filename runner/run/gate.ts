/**
 * The gate: raw scenario outcomes plus the baseline give each scenario its
 * reported status; summarize() then draws the verdict from levels and --strict.
 */
import { isExpired, type Baseline } from './baseline';
import type { ScenarioResult } from './summary';

export function applyBaseline(results: readonly ScenarioResult[], baseline: Baseline | undefined, today: Date): ScenarioResult[] {
  if (baseline === undefined) return [...results];
  return results.map((result) => {
    const entry = baseline.entries.get(result.id);
    if (entry === undefined) return result;
    const reason = entry.reason;
    if (result.status === 'passed') {
      return { ...result, status: 'unexpected-pass', reason, message: `passes, but ${baseline.file} still expects it to fail: remove it from the baseline` };
    }
    // Skipped stays skipped, flaky stays flaky, and an error of the run stays an error: a baseline excuses only a failed check.
    if (result.status !== 'failed') return result;
    if (isExpired(entry, today)) {
      return { ...result, reason, message: `the baseline entry expired on ${entry.expires}: ${result.message ?? ''}` };
    }
    return { ...result, status: 'expected-failure', reason };
  });
}
