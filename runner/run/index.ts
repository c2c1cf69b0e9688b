/**
 * One run of the suite through cucumber's JavaScript API, in four steps:
 * plan (read and check the features, compile every scenario, read the
 * baseline), start the browsers, execute (make sure the target answers,
 * then run), and judge. Support code is loaded once per process and
 * reused, so repeated runs in one process stay cheap.
 */
// The reference server (Fastify and its plugins, about 0.1 s to load) is loaded only when it is the target.
import type { RunningServer } from '../../reference-server/server';
import { otherOriginThan } from '../../http/defaults';
import { withoutUserinfo } from '../../http/target';
import type { ConformanceParameters } from '../../browser/parameters';
import { enginePathsOf, requireEngineDrivers } from '../../browser/engines';
import { openRunScope } from '../../browser/run-scope';
import type { RunOptions } from '../configuration';
import type { Baseline } from './baseline';
import { startBrowsers } from './browsers';
import { execution } from './execute';
import { MessageLogs } from './message-log';
import { judgeInterrupted, judgeNotStarted, judgeRun, type Judged } from './judge';
import { CONTRACT_FEATURES, planRun } from './plan';
import { REFERENCE_LABEL, contractAreasOf, withRunContext, type ScenarioResult, type Summary } from './summary';
import { delay, untilDoneOrAborted, waitForTarget } from './target';

export { PROJECT_ROOT, loadVocabulary } from './cucumber';
export { CONTRACT_FEATURES, planScenarios, prepareFeatures, type Prepared } from './plan';
export { MessageLogs } from './message-log';

export interface SuiteEvents {
  /** How many scenarios will run, once known. */
  onPlan?: (total: number) => void;
  /** Each scenario's raw result as it finishes (before the baseline applies). */
  onScenario?: (result: ScenarioResult) => void;
}

export interface SuiteRun {
  readonly summary: Summary;
  /** Cucumber's message stream, for messages.ndjson: on disk until `messages.dispose()`, or the process's exit. */
  readonly messages: MessageLogs;
  readonly baseline?: Baseline;
  /** Secrets met during the run (RunScope.secrets), to mask in its reports with the options' own (runner/reports/redact.ts). */
  readonly secrets: ReadonlySet<string>;
}

export interface SuiteSettings {
  /** Keep the run's browsers open for the next run in this process (close them with closeBrowser()). */
  readonly keepBrowser?: boolean;
  readonly today?: Date;
  /** Aborting it stops waiting for the run: what finished is reported, the rest is skipped. */
  readonly signal?: AbortSignal;
}

export async function runSuite(options: RunOptions, events: SuiteEvents = {}, settings: SuiteSettings = {}): Promise<SuiteRun> {
  const plan = await planRun(options);
  // A missing driver (puppeteer-core for Firefox) is one line and exit 2, before anything starts, never a stack mid-run.
  if (plan.needsBrowser) requireEngineDrivers(plan.engines);
  events.onPlan?.(plan.selected.length);
  const otherOrigin = otherOriginThan(options.origin);
  // The origin the scripts were on, and whether the target serves the contract at all, for every report.
  const credentials = await runCredentials(options);
  const inContext = (summary: Summary) => withRunContext(summary, options.origin, contractAreasOf(options, CONTRACT_FEATURES), credentials);
  // What is this run's alone: its browsers (at its paths), its timeout breaker, what it reads once.
  const enginePaths = enginePathsOf(options);
  const browsers = startBrowsers(plan.needsBrowser ? plan.engines : [], [options.origin, otherOrigin], enginePaths);
  const scope = openRunScope();

  let reference: RunningServer | undefined;
  try {
    if (options.target === undefined) reference = await (await import('../../reference-server/server')).startReferenceServer({ allowedOrigin: options.origin });
    const target = options.target ?? reference!.url;
    const how: Judged = {
      target: reference ? `${target}${REFERENCE_LABEL}` : withoutUserinfo(target),
      options,
      warnings: plan.warnings,
      baseline: plan.baseline,
      today: settings.today ?? new Date(),
      planned: plan.selected,
    };
    const parameters: ConformanceParameters = {
      target,
      origin: options.origin,
      otherOrigin,
      timeoutMs: options.timeoutMs,
      headers: options.headers,
      browser: options.browser,
      engine: 'chromium',
      enginePaths,
      run: scope.id,
      // The run holds its browsers and lets go of them below, whichever of its batches, shards and engines ends last.
      keepBrowser: true,
      insecure: options.insecure,
      openapi: options.openapi,
      credentials: credentials.mode,
    };

    const probe = await untilDoneOrAborted(waitForTarget(parameters, options.waitMs), settings.signal);
    if (probe.aborted) return { summary: inContext(judgeNotStarted(plan.selected, probe.reason, how, true)), messages: new MessageLogs([]), baseline: plan.baseline, secrets: scope.secrets };
    if (probe.value !== null) return { summary: inContext(judgeNotStarted(plan.selected, probe.value, how, false)), messages: new MessageLogs([]), baseline: plan.baseline, secrets: scope.secrets };

    const running = execution(plan, options, parameters, events.onScenario);
    const ran = await untilDoneOrAborted(running.run(), settings.signal);
    const judged = ran.aborted ? judgeInterrupted(plan.selected, running.results(), ran.reason, how) : judgeRun(running.results(), running.harnessProblems(), how);
    return { summary: inContext(judged), messages: running.messages(), baseline: plan.baseline, secrets: scope.secrets };
  } finally {
    scope.close();
    // Let go of the browsers (closed unless another run holds them); an interrupted run does not wait for that, its caller is about to exit.
    const released = browsers.release(settings.keepBrowser ?? false);
    if (settings.signal?.aborted) released.catch(() => undefined);
    else await Promise.race([released, delay(2000)]);
    // Bounded: an interrupted run may leave requests in flight, and the caller is about to exit.
    if (reference) await Promise.race([reference.close(), delay(500)]);
  }
}

/**
 * The script sentences' credentials mode: --credentials; else, with
 * --openapi named, what the document's security schemes imply
 * (openapi/security.ts); else include, as a run without a document always
 * had it. A document that cannot be read leaves it at include: the
 * sentences about it say why it cannot be read.
 */
async function runCredentials(options: RunOptions): Promise<NonNullable<Summary['credentials']>> {
  if (options.credentials !== undefined) return { mode: options.credentials, source: '--credentials' };
  if (options.openapi === undefined || options.target === undefined) return { mode: 'include', source: 'the default' };
  try {
    const [{ loadDocument }, { operationsOf }, { credentialsOf }] = await Promise.all([import('../audit/document'), import('../../openapi/operations'), import('../../openapi/security')]);
    const { document } = await loadDocument(options.openapi, { target: options.target, timeoutMs: options.timeoutMs, insecure: options.insecure, headers: options.headers });
    return { mode: credentialsOf(document, operationsOf(document)).mode, source: "the document's security schemes" };
  } catch {
    return { mode: 'include', source: 'the default' };
  }
}
