/**
 * One run of the suite through cucumber's JavaScript API: plan (a dry run
 * that compiles every scenario), make sure the target answers, run, and turn
 * cucumber's messages into a Summary. Support code is loaded once per
 * process and reused, so repeated runs in one process stay cheap.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfiguration, loadSupport, runCucumber, type IRunConfiguration, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { startReferenceServer, type RunningServer } from '../reference-server/server';
import { TargetClient, TargetError } from '../steps/support/http-client';
import { DEFAULT_PARAMETERS, type ConformanceParameters } from '../steps/support/parameters';
import { MessageCollector, summarize, type PlannedScenario, type ScenarioStatus, type Summary } from './summary';
import type { RunOptions } from './options';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const environment = () => ({ cwd: PROJECT_ROOT, stdout: quiet(), stderr: process.stderr, env: process.env });

let support: ISupportCodeLibrary | undefined;

async function configuration(options: RunOptions, worldParameters: ConformanceParameters): Promise<IRunConfiguration> {
  const { runConfiguration } = await loadConfiguration({ file: 'cucumber.js' } /* relative to cwd: cucumber joins them */, environment());
  const tagExpression = [runConfiguration.sources.tagExpression, options.tags].filter(Boolean).map((t) => `(${t})`).join(' and ');
  return {
    ...runConfiguration,
    sources: { ...runConfiguration.sources, tagExpression },
    runtime: { ...runConfiguration.runtime, worldParameters: { ...worldParameters } as unknown as IRunConfiguration['runtime']['worldParameters'] },
    formats: { stdout: 'summary', files: {}, publish: false, options: {} },
  };
}

async function run(config: IRunConfiguration, collector: MessageCollector, dryRun: boolean) {
  support ??= await loadSupport(config, environment());
  return runCucumber({ ...config, support, runtime: { ...config.runtime, dryRun } }, environment(), collector.accept);
}

/** Every scenario the tag expression selects, without running any. */
export async function planScenarios(options: RunOptions): Promise<PlannedScenario[]> {
  const config = await configuration(options, { ...DEFAULT_PARAMETERS, target: 'http://127.0.0.1:9', origin: options.origin });
  const collector = new MessageCollector();
  await run(config, collector, true);
  return collector.planned();
}

export interface SuiteEvents {
  onScenario?: (status: ScenarioStatus) => void;
}

export async function runSuite(options: RunOptions, events: SuiteEvents = {}): Promise<Summary> {
  let reference: RunningServer | undefined;
  try {
    if (options.target === undefined) reference = await startReferenceServer({ allowedOrigin: options.origin });
    const target = options.target ?? reference!.url;
    const shownTarget = reference ? `${target} (bundled reference server)` : withoutUserinfo(target);
    const parameters: ConformanceParameters = {
      target,
      origin: options.origin,
      otherOrigin: options.origin === DEFAULT_PARAMETERS.otherOrigin ? 'https://other.example' : DEFAULT_PARAMETERS.otherOrigin,
      timeoutMs: options.timeoutMs,
      headers: options.headers,
    };
    const config = await configuration(options, parameters);

    const unreachable = await probe(parameters);
    if (unreachable !== null) {
      const plan = new MessageCollector();
      await run(config, plan, true);
      const notRun = plan.planned().map((s) => ({ ...s, status: 'skipped' as const, message: `not run: ${unreachable}` }));
      return summarize(shownTarget, options.strict, notRun, unreachable);
    }

    const collector = new MessageCollector(events.onScenario);
    await run(config, collector, false);
    const scenarios = collector.finishedResults();
    const problems = [...collector.harnessProblems];
    if (scenarios.length === 0) problems.push(`no scenario matched${options.tags ? ` the tags ${options.tags}` : ''}: nothing was checked`);
    return summarize(shownTarget, options.strict, scenarios, problems.length > 0 ? `harness: ${problems.join('; ')}` : undefined);
  } finally {
    await reference?.close();
  }
}

/** Any HTTP answer at the target's base path means it is there; no answer is a reason not to run. */
async function probe(parameters: ConformanceParameters): Promise<string | null> {
  const client = new TargetClient({ target: parameters.target!, timeoutMs: parameters.timeoutMs, extraHeaders: parameters.headers });
  try {
    await client.send({ method: 'GET', path: '/' });
    return null;
  } catch (error) {
    if (error instanceof TargetError && error.code !== 'TARGET_PROTOCOL_ERROR') return error.message;
    return null; // something answered, if not well: let the scenarios say what is wrong
  }
}

export function withoutUserinfo(target: string): string {
  const url = new URL(target);
  url.username = '';
  url.password = '';
  return url.href.replace(/\/+$/, '');
}
