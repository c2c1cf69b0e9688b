/** The one-line verdict every report opens or closes with. */
import { failsGate, type Summary } from '../run/summary';

export function verdictOf(summary: Summary): string {
  if (summary.interrupted) return 'INTERRUPTED';
  if (summary.error) return 'NOT JUDGED';
  const warnings = summary.scenarios.filter((s) => s.status === 'failed' && !failsGate(s, summary.strict)).length;
  if (summary.conformant) return warnings === 0 ? 'CONFORMANT' : `CONFORMANT with ${warnings} SHOULD warning(s); --strict would fail`;
  const gating = summary.scenarios.filter((s) => failsGate(s, summary.strict));
  const count = (pred: (s: (typeof gating)[number]) => boolean) => gating.filter(pred).length;
  const parts = [
    `${count((s) => s.status === 'failed' && s.level === 'MUST')} MUST failure(s)`,
    summary.strict ? `${count((s) => s.status === 'failed' && s.level === 'SHOULD')} SHOULD failure(s)` : '',
    count((s) => s.status === 'unexpected-pass') ? `${count((s) => s.status === 'unexpected-pass')} unexpected pass(es)` : '',
  ].filter(Boolean);
  return `NOT CONFORMANT (${parts.join(', ')}${summary.strict ? ', --strict' : ''})`;
}
