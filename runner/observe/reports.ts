/**
 * observe's reports, into --report-dir: observe.json (what tools read),
 * observe.html (the picture), junit.xml (for CI viewers) and traffic.har
 * (the traffic, every secret redacted). Each written atomically; the
 * report's strings masked before anything is rendered from them.
 */
import path from 'node:path';
import { Secrets } from '../../http/secrets';
import { withoutUserinfo } from '../../http/target';
import type { ObserveOptions } from '../configuration';
import { writeAtomically } from '../reports/write';
import { observeHtml } from './html';
import type { ObserveRun } from './index';
import type { ObserveReport } from './index';
import { observeJunitXml } from './junit';

export const OBSERVE_REPORT_FILES = ['observe.json', 'observe.html', 'junit.xml', 'traffic.har'] as const;

export function observeJson(report: ObserveReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The secrets the run itself knows: the target's userinfo. The traffic's own are masked where they are kept (mask.ts, the HAR writer). */
function secretsOf(options: ObserveOptions): Secrets {
  return new Secrets().addTarget(options.target);
}

export async function writeObserveReports(options: ObserveOptions, run: ObserveRun): Promise<{ report: ObserveReport; files: string[] }> {
  const { report } = run;
  const secrets = secretsOf(options);
  const shown = secrets.maskData({ ...report, target: withoutUserinfo(report.target) });
  const dir = options.reportDir;
  const [json, html, junit, har] = OBSERVE_REPORT_FILES.map((name) => path.join(dir, name));
  // Every file rendered from the masked report; the HAR masks the traffic's own secrets as it writes.
  await writeAtomically(json, observeJson(shown));
  await writeAtomically(html, observeHtml(shown));
  await writeAtomically(junit, observeJunitXml(shown));
  // Each entry's URL is the API's: the proxy is transparent, and the HAR read back (--har) is judged for --target.
  await run.writeHar(har);
  return { report: shown, files: [json, html, junit, har] };
}
