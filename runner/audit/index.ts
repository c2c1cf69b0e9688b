/**
 * `response-conformance audit`: what a browser on your origin can read from
 * your API. Every route is called as a credentialed script on the origin
 * would call it, judged by the Fetch model and, when Chromium is installed,
 * by Chromium, with the same client, timeouts and timeout breaker as a
 * suite run.
 */
import { TargetClient, TargetError } from '../../http/client';
import { cookiesSet } from '../../http/set-cookie';
import { browserScripts, closeBrowser } from '../../browser/pool';
import { chromiumAvailable } from '../../browser/chromium';
import { enginePath, useEnginePaths } from '../../browser/engines';
import { disagreements, gatherEvidence, judgeRoute, type RouteAudit, type RouteEvidence } from './inspect';
import type { Finding } from './findings';
import type { AuditOptions } from '../configuration';

export interface AuditReport {
  readonly target: string;
  readonly origin: string;
  readonly routes: readonly RouteAudit[];
  /** Findings about the whole API rather than one route: it grants any origin, or "null". */
  readonly findings: readonly Finding[];
  /** Who judged: the Fetch model, and Chromium unless it was missing or not asked (then why not). */
  readonly judgedBy: { readonly model: true; readonly chromium: true | string };
  /** Set when the audit could not judge the API (unreachable, a route with no usable answer). */
  readonly error?: string;
}

export class AuditError extends Error {
  override name = 'AuditError';
}

/** Exit status: 2 when it could not judge, 1 with a MUST finding, else 0. */
export function exitCodeOf(report: AuditReport): number {
  if (report.error !== undefined) return 2;
  const all = [...report.findings, ...report.routes.flatMap((r) => r.findings)];
  return all.some((f) => f.level === 'MUST') ? 1 : 0;
}

export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  useEnginePaths({ chromium: options.chromiumPath, firefox: options.firefoxPath });
  const client = new TargetClient({ target: options.target, timeoutMs: options.timeoutMs, extraHeaders: [], insecure: options.insecure });
  const send = (request: Parameters<TargetClient['send']>[0]) => client.send(request);
  const chromium: true | string = options.browser === 'off' ? 'not asked (--no-browser)' : chromiumAvailable() ? true : `no Chromium at ${enginePath('chromium')}`;
  if (chromium !== true && options.browser === 'on') throw new AuditError(`--browser: ${chromium} (install Debian's chromium, or leave --browser out)`);
  if (chromium === true) browserScripts().catch(() => undefined); // its launch overlaps the first requests

  const evidence: RouteEvidence[] = [];
  try {
    for (const route of options.routes) evidence.push(await gatherEvidence(send, route, options.origin, options.headers));
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    const done = evidence.length;
    await closeBrowser();
    return { target: options.target, origin: options.origin, routes: [], findings: [], judgedBy: { model: true, chromium }, error: `${error.message}${done > 0 ? ` (after ${done} of ${options.routes.length} routes)` : ''}` };
  }

  // A cookie set HttpOnly on one route is a session-like cookie on every route.
  const httpOnly = new Set(evidence.flatMap((e) => cookiesSet(e.actual.headers).filter((c) => c.httpOnly).map((c) => c.name)));
  const judged = evidence.map((e) => judgeRoute(e, options.target, httpOnly));
  const routes: RouteAudit[] = [];
  try {
    for (const [i, { audit }] of judged.entries()) {
      if (chromium !== true) {
        routes.push({ ...audit, browser: null });
        continue;
      }
      const { route, request } = evidence[i];
      const view = await (await browserScripts()).fetch(options.origin, { method: route.method, url: client.urlFor(route.path), headers: request.headers, body: route.body, timeoutMs: options.timeoutMs });
      const readable = view.ok ? [...new Set(view.headers.map(([name]) => name))] : [];
      const browser = { granted: view.ok, readable };
      routes.push({ ...audit, browser: { engine: 'Chromium', ...browser, disagreements: disagreements(audit, browser) } });
    }
  } finally {
    await closeBrowser();
  }

  // Global findings are raised once, naming the routes they were seen on.
  const global = new Map<string, { finding: Finding; routes: string[] }>();
  for (const [i, { global: found }] of judged.entries()) {
    for (const finding of found) {
      const entry = global.get(finding.id) ?? { finding, routes: [] };
      entry.routes.push(`${evidence[i].route.method} ${evidence[i].route.path}`);
      global.set(finding.id, entry);
    }
  }
  const findings = [...global.values()].map(({ finding, routes: seenOn }) => ({ ...finding, message: `${finding.message} (seen on ${seenOn.join(', ')})` }));
  return { target: options.target, origin: options.origin, routes, findings, judgedBy: { model: true, chromium } };
}
