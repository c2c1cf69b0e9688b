/** The audit as tools read it: what --format json prints and audit.json holds. */
import type { AuditReport } from './index';

export function auditJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
