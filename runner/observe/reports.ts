/**
 * observe's reports, into --report-dir: observe.json (what tools read),
 * observe.html (the picture), junit.xml (for CI viewers) and traffic.har
 * (the traffic, every secret redacted). Each written atomically; the
 * report's strings masked before anything is rendered from them.
 */
import path from 'node:path';
import { toHar } from '../../http/har';
import type { ObservedExchange } from '../../http/observed';
import { Secrets } from '../../http/secrets';
import { withoutUserinfo } from '../../http/target';
import type { ObserveOptions } from '../configuration';
import { writeAtomically } from '../reports/write';
import type { ObserveReport, TrafficSink } from './index';

export const OBSERVE_REPORT_FILES = ['observe.json', 'traffic.har'] as const;

/** The traffic kept for the HAR until the reports are written. */
export interface TrafficSpool extends TrafficSink {
  writeHar(file: string, options: { baseUrl: string; secrets: Secrets }): Promise<void>;
  discard(): void;
}

export async function createTrafficSpool(_options: ObserveOptions): Promise<TrafficSpool> {
  let kept: ObservedExchange[] = [];
  return {
    add: (exchange) => void kept.push(exchange),
    writeHar: async (file, { baseUrl, secrets }) => writeAtomically(file, `${JSON.stringify(toHar(kept, { baseUrl, secrets, creator: { name: 'response-conformance observe', version: '' } }), null, 2)}\n`),
    discard: () => {
      kept = [];
    },
  };
}

export function observeJson(report: ObserveReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The secrets the run itself knows: the target's userinfo. The traffic's own are masked where they are kept (mask.ts, the HAR writer). */
function secretsOf(options: ObserveOptions): Secrets {
  return new Secrets().addTarget(options.target);
}

export async function writeObserveReports(options: ObserveOptions, report: ObserveReport, spool: TrafficSpool): Promise<{ report: ObserveReport; files: string[] }> {
  const secrets = secretsOf(options);
  const shown = secrets.maskData({ ...report, target: withoutUserinfo(report.target) });
  const dir = options.reportDir;
  const files = [path.join(dir, 'observe.json'), path.join(dir, 'traffic.har')];
  await writeAtomically(files[0], observeJson(shown));
  await spool.writeHar(files[1], { baseUrl: report.proxy ?? withoutUserinfo(options.target), secrets });
  return { report: shown, files };
}
