/**
 * One run of the suite through cucumber's JavaScript API: plan (a dry run
 * that compiles every scenario), read the baseline, make sure the target
 * answers, run, and judge. Support code is loaded once per process and
 * reused, so repeated runs in one process stay cheap.
 */
import { Writable } from 'node:stream';
import { loadConfiguration, loadSupport, runCucumber, type IRunConfiguration, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { startReferenceServer, type RunningServer } from '../../reference-server/server';
import { TargetClient, TargetError } from '../../http/client';
import { withoutUserinfo } from '../../http/target';
import { otherOriginThan } from '../../http/defaults';
import { browserScripts, closeBrowser } from '../../browser/pool';
import { DEFAULT_PARAMETERS, type ConformanceParameters } from '../../browser/parameters';
import { readBaseline, type Baseline } from './baseline';
import { MessageCollector, inEngine } from './collector';
import { ENGINES, engineAvailable, engineName } from '../../browser/engines';
import { applyBaseline } from './gate';
import { summarize, type PlannedScenario, type ScenarioResult, type Summary } from './summary';
import type { RunOptions } from '../configuration';
import { featureFiles, type FeatureFile } from './feature-files';
import { checkFeatures } from './feature-check';
import path from 'node:path';

/** The project's root, from runner/run/ or from dist/runner/run/ alike. */
export const PROJECT_ROOT = path.resolve(__dirname, path.basename(path.resolve(__dirname, '../..')) === 'dist' ? '../../..' : '../..');

/** Whether this runner is the compiled JavaScript (then its steps are too), whatever started it. */
const COMPILED = __filename.endsWith('.js');

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const environment = () => ({ cwd: PROJECT_ROOT, stdout: quiet(), stderr: process.stderr, env: process.env });

let support: ISupportCodeLibrary | undefined;

async function configuration(options: Pick<RunOptions, 'tags' | 'retries'>, worldParameters: ConformanceParameters, files: readonly FeatureFile[]): Promise<IRunConfiguration> {
  // The file name is relative to cwd: cucumber joins the two.
  const { runConfiguration } = await loadConfiguration({ file: 'cucumber.js' }, environment());
  const tagExpression = [runConfiguration.sources.tagExpression, options.tags].filter(Boolean).map((t) => `(${t})`).join(' and ');
  return {
    ...runConfiguration,
    // Absolute paths: a user's features may be anywhere.
    sources: { ...runConfiguration.sources, paths: files.map((f) => f.file), tagExpression },
    // The steps in the form this runner is in: compiled JavaScript (dist/, the installed package) or TypeScript.
    support: COMPILED
      ? { ...runConfiguration.support, requireModules: [], requirePaths: [path.join(PROJECT_ROOT, 'dist', 'steps', '**', '*.js')] }
      : { ...runConfiguration.support, requireModules: ['ts-node/register'], requirePaths: [path.join(PROJECT_ROOT, 'steps', '**', '*.ts')] },
    runtime: {
      ...runConfiguration.runtime,
      retry: options.retries,
      worldParameters: { ...worldParameters } as unknown as IRunConfiguration['runtime']['worldParameters'],
    },
    formats: { stdout: 'summary', files: {}, publish: false, options: {} },
  };
}

/** The step definitions and parameter types, loaded once per process (the vocabulary's glossary fills as they load). */
export async function loadVocabulary(config?: IRunConfiguration): Promise<ISupportCodeLibrary> {
  support ??= await loadSupport(config ?? (await configuration({ retries: 0 }, DEFAULT_PARAMETERS, [])), environment());
  return support;
}

async function run(config: IRunConfiguration, collector: MessageCollector, dryRun: boolean) {
  const support = await loadVocabulary(config);
  return runCucumber({ ...config, support, runtime: { ...config.runtime, dryRun } }, environment(), collector.accept);
}

/**
 * --parallel N: N shards of the suite (cucumber's own `shard`), run at once
 * in this process. The work is waiting on the target, so concurrency in one
 * process gives what worker processes would, without each paying the start-up.
 */
async function runShards(config: IRunConfiguration, collectors: readonly MessageCollector[]): Promise<void> {
  if (collectors.length === 1) {
    await run(config, collectors[0], false);
    return;
  }
  const shard = (i: number): IRunConfiguration => ({ ...config, sources: { ...config.sources, shard: `${i + 1}/${collectors.length}` } });
  await Promise.all(collectors.map((collector, i) => run(shard(i), collector, false)));
}

/** Compiles every scenario the tag expression selects, running none (cucumber's dry run). */
async function plan(options: Pick<RunOptions, 'tags' | 'origin'>, files: readonly FeatureFile[]): Promise<MessageCollector> {
  const config = await configuration({ tags: options.tags, retries: 0 }, { ...DEFAULT_PARAMETERS, target: 'http://127.0.0.1:9', origin: options.origin }, files);
  const collector = new MessageCollector();
  await run(config, collector, true);
  return collector;
}

export const CONTRACT_FEATURES = path.join(PROJECT_ROOT, 'features');

export interface Prepared {
  readonly files: readonly FeatureFile[];
  /** A user's scenarios without a level or an id, with where they are. */
  readonly warnings: readonly string[];
}

/**
 * The run's feature files, read and checked before anything is sent: a
 * missing path is a UsageError, a feature that cannot run as written a
 * FeatureError (both exit 2).
 */
export async function prepareFeatures(options: Pick<RunOptions, 'features' | 'withContract'>): Promise<Prepared> {
  const given = await featureFiles(options, CONTRACT_FEATURES);
  const { warnings, browserFiles } = checkFeatures(given, await loadVocabulary());
  // Features tagged @browser run last, so the browser's launch (started with the run) overlaps the plain requests.
  const files = [...given.filter((f) => !browserFiles.has(f.file)), ...given.filter((f) => browserFiles.has(f.file))];
  return { files, warnings };
}

/** Every scenario the tag expression selects, without running any. */
export async function planScenarios(options: Pick<RunOptions, 'tags' | 'origin' | 'features' | 'withContract'>): Promise<{ scenarios: PlannedScenario[]; warnings: readonly string[] }> {
  const { files, warnings } = await prepareFeatures(options);
  return { scenarios: (await plan(options, files)).planned(), warnings };
}

export interface SuiteEvents {
  /** How many scenarios will run, once known. */
  onPlan?: (total: number) => void;
  /** Each scenario's raw result as it finishes (before the baseline applies). */
  onScenario?: (result: ScenarioResult) => void;
}

export interface SuiteRun {
  readonly summary: Summary;
  /** Cucumber's message stream, for messages.ndjson. */
  readonly envelopes: readonly Envelope[];
  readonly baseline?: Baseline;
}

export interface SuiteSettings {
  /** Keep the shared browser open for the next run in this process (close it with closeBrowser()). */
  readonly keepBrowser?: boolean;
  readonly today?: Date;
  /** Aborting it stops waiting for the run: what finished is reported, the rest is skipped. */
  readonly signal?: AbortSignal;
}

/** Two tag expressions that must both hold; either may be absent. */
function both(a: string | undefined, b: string): string {
  return a === undefined ? b : `(${a}) and (${b})`;
}

/** Where engines reached different verdicts on the same scenario, said plainly. */
function engineDisagreements(scenarios: readonly ScenarioResult[]): string[] {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const out: string[] = [];
  for (const other of scenarios) {
    if (other.engine === undefined) continue;
    const base = byId.get(other.id.slice(0, other.id.lastIndexOf('@')));
    const judged = (s: ScenarioResult) => s.status !== 'skipped';
    if (base === undefined || !judged(base) || !judged(other) || (base.status === 'failed') === (other.status === 'failed')) continue;
    const failed = base.status === 'failed' ? base : other;
    out.push(`${base.id}: Chromium ${base.status === 'failed' ? 'fails' : 'passes'} it, ${engineName(other.engine)} ${other.status === 'failed' ? 'fails' : 'passes'} it (${failed.message ?? 'no message'})`);
  }
  return out;
}

export async function runSuite(options: RunOptions, events: SuiteEvents = {}, settings: SuiteSettings = {}): Promise<SuiteRun> {
  const today = settings.today ?? new Date();
  const { files, warnings } = await prepareFeatures(options);
  // The @browser scenarios run once per engine: Chromium's in the main run, each other engine's in a run of its own.
  const engines = options.browser === 'off' ? [] : options.browsers;
  const otherEngines = engines.filter((engine) => engine !== 'chromium');
  const withoutChromium = options.browser !== 'off' && !engines.includes('chromium');
  const mainTags = withoutChromium ? both(options.tags, 'not @browser') : options.tags;
  // One dry run for every scenario, one more for those the tags choose; the runs per engine are cut from them.
  const everything = await plan({ ...options, tags: undefined }, files);
  const chosen = options.tags === undefined ? everything : await plan(options, files);
  const BROWSER = { tag: '@browser', has: true };
  const inBrowsers = otherEngines.length > 0 ? chosen.planned(BROWSER) : [];
  const inMainRun = withoutChromium ? chosen.planned({ ...BROWSER, has: false }) : chosen.planned();
  const selected = [...inMainRun, ...otherEngines.flatMap((engine) => inBrowsers.map((s) => inEngine(s, engine)))];
  // A baseline may name a scenario in any engine, asked for in this run or not.
  const knownIds = () => new Set([...everything.planned().map((s) => s.id), ...ENGINES.filter((e) => e !== 'chromium').flatMap((e) => everything.planned(BROWSER).map((s) => inEngine(s, e).id))]);
  const baseline = options.expect === undefined ? undefined : await readBaseline(options.expect, knownIds());
  events.onPlan?.(selected.length);
  // Start the browsers now, so their launch overlaps the server start, the probe and the plain scenarios; the @browser steps await the same launch.
  const otherOrigin = otherOriginThan(options.origin);
  const plansBrowser = chosen.plansTag('@browser') || chosen.plansStep(/ in the browser on /);
  for (const engine of engines) {
    // The pages for both origins open with it: none of this waits on the target.
    if (plansBrowser && engineAvailable(engine)) browserScripts(engine).then((b) => b.prepare([options.origin, otherOrigin])).catch(() => undefined);
  }
  // Browsers shared by several runs (shards, engines) are closed by runSuite after the last, unless the caller keeps them.
  const shared = options.parallel > 1 || otherEngines.length > 0;

  let reference: RunningServer | undefined;
  try {
    if (options.target === undefined) reference = await startReferenceServer({ allowedOrigin: options.origin });
    const target = options.target ?? reference!.url;
    const shownTarget = reference ? `${target} (bundled reference server)` : withoutUserinfo(target);
    const parameters: ConformanceParameters = {
      target,
      origin: options.origin,
      otherOrigin,
      timeoutMs: options.timeoutMs,
      headers: options.headers,
      browser: options.browser,
      engine: 'chromium',
      keepBrowser: (settings.keepBrowser ?? false) || shared,
      insecure: options.insecure,
    };

    const notRun = (why: string) => selected.map((s): ScenarioResult => ({ ...s, status: 'skipped', message: `not run: ${why}`, response: null, outcome: null, attempts: 0, durationMs: 0 }));
    const probe = await untilDoneOrAborted(waitForTarget(parameters, options.waitMs), settings.signal);
    if (probe.aborted) return { summary: { ...summarize(shownTarget, options.strict, notRun(probe.reason), probe.reason, warnings), interrupted: true }, envelopes: [], baseline };
    const unreachable = probe.value;
    if (unreachable !== null) {
      return { summary: summarize(shownTarget, options.strict, notRun(unreachable), unreachable, warnings), envelopes: [], baseline };
    }

    const shards = Math.max(1, options.parallel);
    const collectors = Array.from({ length: shards }, () => new MessageCollector(events.onScenario));
    const engineCollectors = otherEngines.map((engine) => ({ engine, collector: new MessageCollector(events.onScenario, engine) }));
    const all = () => [...collectors, ...engineCollectors.map((e) => e.collector)];
    const order = new Map(selected.map((s, i) => [s.id, i]));
    const results = () => all().flatMap((c) => c.results()).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const envelopes = () => all().flatMap((c) => c.envelopes);
    const everyRun = async () => {
      await runShards(await configuration({ ...options, tags: mainTags }, parameters, files), collectors);
      for (const { engine, collector } of engineCollectors) {
        await run(await configuration({ ...options, tags: both(options.tags, '@browser') }, { ...parameters, engine }, files), collector, false);
      }
    };
    const ran = await untilDoneOrAborted(everyRun(), settings.signal);
    if (shared && !settings.keepBrowser) await closeBrowser();
    if (ran.aborted) {
      const finished = applyBaseline(results(), baseline, today);
      const done = new Set(finished.map((s) => s.id));
      const rest = notRun(ran.reason).filter((s) => !done.has(s.id));
      const summary = { ...summarize(shownTarget, options.strict, [...finished, ...rest], ran.reason, warnings), interrupted: true };
      return { summary, envelopes: envelopes(), baseline };
    }
    const scenarios = applyBaseline(results(), baseline, today);
    const problems = all().flatMap((c) => c.harnessProblems);
    if (scenarios.length === 0) problems.push(`no scenario matched${options.tags ? ` the tags ${options.tags}` : ''}: nothing was checked`);
    else if (scenarios.every((s) => s.status === 'skipped')) {
      const reasons = [...new Set(scenarios.map((s) => s.message ?? 'no reason given'))];
      problems.push(`all ${scenarios.length} scenarios were skipped, so nothing was checked (${reasons.join('; ')})`);
    }
    const error = problems.length > 0 ? `harness: ${problems.join('; ')}` : undefined;
    const disagreements = engineDisagreements(scenarios);
    const summary = summarize(shownTarget, options.strict, scenarios, error, warnings);
    return { summary: disagreements.length > 0 ? { ...summary, engineDisagreements: disagreements } : summary, envelopes: envelopes(), baseline };
  } finally {
    // Bounded: an interrupted run may leave requests in flight, and the caller is about to exit.
    if (reference) await Promise.race([reference.close(), delay(500)]);
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

type Raced<T> = { aborted: false; value: T } | { aborted: true; reason: string };

/** The work's result, or the abort reason if the signal comes first (the work is left to finish unobserved). */
async function untilDoneOrAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<Raced<T>> {
  const done = work.then((value): Raced<T> => ({ aborted: false, value }));
  if (signal === undefined) return done;
  const aborted = new Promise<Raced<T>>((resolve) => {
    const fire = () => resolve({ aborted: true, reason: String(signal.reason) });
    if (signal.aborted) fire();
    else signal.addEventListener('abort', fire, { once: true });
  });
  return Promise.race([done, aborted]);
}

/**
 * Any HTTP answer at the target's base path means it is there. Until
 * `waitMs` has passed, an unreachable or silent target is asked again.
 * Returns why it could not be reached, or null.
 */
async function waitForTarget(parameters: ConformanceParameters, waitMs: number): Promise<string | null> {
  const deadline = Date.now() + waitMs;
  const client = new TargetClient({ target: parameters.target!, timeoutMs: parameters.timeoutMs, extraHeaders: parameters.headers, insecure: parameters.insecure });
  for (;;) {
    try {
      await client.send({ method: 'GET', path: '/' });
      return null;
    } catch (error) {
      // Something accepted the connection (if slowly, or not speaking HTTP): let every scenario say what is wrong.
      if (!(error instanceof TargetError) || error.code === 'TARGET_PROTOCOL_ERROR' || error.code === 'TARGET_TIMED_OUT') return null;
      if (error.code === 'TARGET_TLS_ERROR') return error.message;
      if (Date.now() + 250 > deadline) return waitMs > 0 ? `${error.message} (waited ${waitMs / 1000} s)` : error.message;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
