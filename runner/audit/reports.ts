/**
 * --report-dir: the audit as files, beside the terminal's table: audit.json
 * (what --format json prints), audit.html (the picture) and junit.xml (for
 * CI viewers). Each written atomically, every --header value and the
 * target's userinfo masked, as a run's reports are.
 */
import path from 'node:path';
import { writeAtomically } from '../reports/write';
import type { Secrets } from '../../http/secrets';
import { auditHtml } from './html';
import { auditJunitXml } from './junit';
import { auditJson } from './json';
import type { AuditReport } from './index';

/** The files --report-dir holds. */
export const AUDIT_REPORT_FILES = ['audit.json', 'audit.html', 'junit.xml'] as const;

export async function writeAuditReports(dir: string, report: AuditReport, secrets: Secrets): Promise<void> {
  // Masked in its string values before it is rendered, so HTML's and XML's escaping cannot hide a secret from the mask, nor the mask break them.
  const masked = secrets.maskData(report);
  const files: [string, string][] = [
    ['audit.json', auditJson(masked)],
    ['audit.html', auditHtml(masked)],
    ['junit.xml', auditJunitXml(masked)],
  ];
  await Promise.all(files.map(([name, content]) => writeAtomically(path.join(dir, name), content)));
}
