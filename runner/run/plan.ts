/**
 * The plan of a run, made before anything is sent: the feature files, read,
 * checked and compiled (once, by the feature check); which scenarios the
 * tags choose and which engine runs each; and the baseline, checked against
 * the ids that exist.
 */
import path from 'node:path';
import { ENGINES, type Engine } from '../../browser/engines';
import type { RunOptions } from '../configuration';
import { readBaseline, type Baseline } from './baseline';
import { inEngine } from './collector';
import { CompiledScenarios, tagFilter } from './compiled';
import { loadVocabulary, PROJECT_ROOT } from './cucumber';
import { checkFeatures } from './feature-check';
import { featureFiles, type FeatureFile } from './feature-files';
import { runSources, type ShardSource } from './shards';
import type { PlannedScenario } from './summary';

export const CONTRACT_FEATURES = path.join(PROJECT_ROOT, 'features');

export interface Prepared {
  readonly files: readonly FeatureFile[];
  /** A user's scenarios without a level or an id, with where they are. */
  readonly warnings: readonly string[];
  /** Every scenario of those files, compiled, whatever the tags. */
  readonly scenarios: CompiledScenarios;
}

/**
 * The run's feature files, read and checked before anything is sent: a
 * missing path is a UsageError, a feature that cannot run as written a
 * FeatureError (both exit 2).
 */
export async function prepareFeatures(options: Pick<RunOptions, 'features' | 'withContract' | 'tags'>): Promise<Prepared> {
  tagFilter(options.tags); // a mistake in --tags is told before the features are read
  const given = await featureFiles(options, CONTRACT_FEATURES);
  const { warnings, browserFiles, compiled } = checkFeatures(given, await loadVocabulary());
  // Features tagged @browser run last, so the browser's launch (started with the run) overlaps the plain requests.
  const files = [...given.filter((f) => !browserFiles.has(f.file)), ...given.filter((f) => browserFiles.has(f.file))];
  return { files, warnings, scenarios: CompiledScenarios.of(files.map((f) => compiled.get(f.file)!)) };
}

/** Every scenario the tag expression selects, without running any. */
export async function planScenarios(options: Pick<RunOptions, 'tags' | 'features' | 'withContract'>): Promise<{ scenarios: PlannedScenario[]; warnings: readonly string[] }> {
  const { scenarios, warnings } = await prepareFeatures(options);
  return { scenarios: scenarios.select(options.tags).planned(), warnings };
}

/** Two tag expressions that must both hold; either may be absent. */
export function both(a: string | undefined, b: string): string {
  return a === undefined ? b : `(${a}) and (${b})`;
}

export interface Plan {
  /** The run's feature files, checked, the @browser ones last. */
  readonly files: readonly FeatureFile[];
  readonly warnings: readonly string[];
  /** Every scenario that will run, in every engine, in report order. */
  readonly selected: readonly PlannedScenario[];
  /** The engines that judge the @browser scenarios; empty with --no-browser. */
  readonly engines: readonly Engine[];
  /** Those other than Chromium: a run of their own each. */
  readonly otherEngines: readonly Engine[];
  /** The main run's tag expression (without the @browser scenarios when Chromium is not asked for). */
  readonly mainTags?: string;
  /** How the main run is divided: batches one after another, each as its --parallel shards; with no scenario chosen, one run over every file, which cucumber reports as a run of none. */
  readonly mainRuns: readonly (readonly ShardSource[])[];
  /** Whether any chosen scenario needs a browser. */
  readonly needsBrowser: boolean;
  /**
   * The paths the other engines' runs read: the chosen scenarios tagged
   * @browser or driving a browser with a sentence, each by its file and
   * line, so a script scenario without the tag runs in every engine, never
   * in Chromium alone. Empty when there is none.
   */
  readonly browserPaths: readonly string[];
  readonly baseline?: Baseline;
}

const BROWSER = '@browser';

export async function planRun(options: RunOptions): Promise<Plan> {
  const prepared = await prepareFeatures(options);
  // The @browser scenarios run once per engine: Chromium's in the main run, each other engine's in a run of its own.
  const engines = options.browser === 'off' ? [] : options.browsers;
  const otherEngines = engines.filter((engine) => engine !== 'chromium');
  const withoutChromium = options.browser !== 'off' && !engines.includes('chromium');
  // Every scenario, and those the tags choose; the runs per engine are cut from them.
  const everything = prepared.scenarios;
  const chosen = everything.select(options.tags);
  const browserScenarios = chosen.inBrowser(BROWSER, true);
  const inBrowsers = otherEngines.length > 0 ? browserScenarios.planned() : [];
  const mainRun = withoutChromium ? chosen.inBrowser(BROWSER, false) : chosen;
  const inMainRun = mainRun.planned();
  // Without Chromium, "not @browser" leaves in a script scenario without the tag: a file that holds one is read by its other scenarios' lines.
  const untagged = new Set(chosen.tagged(BROWSER, false).inBrowser(BROWSER, true).countsByFile().map((c) => c.file));
  const byLines = new Map(mainRun.linePaths().map((p) => [p.replace(/(:\d+)+$/, ''), p]));
  const mainCounts = mainRun.countsByFile().map((c) => (withoutChromium && untagged.has(c.file) ? { ...c, file: byLines.get(c.file)! } : c));
  const selected = [...inMainRun, ...otherEngines.flatMap((engine) => inBrowsers.map((s) => inEngine(s, engine)))];
  // A baseline may name a scenario in any engine, asked for in this run or not.
  const knownIds = () => new Set([...everything.planned().map((s) => s.id), ...ENGINES.filter((e) => e !== 'chromium').flatMap((e) => everything.inBrowser(BROWSER, true).planned().map((s) => inEngine(s, e).id))]);
  const baseline = options.expect === undefined ? undefined : await readBaseline(options.expect, knownIds());
  return {
    files: prepared.files,
    warnings: prepared.warnings,
    selected,
    engines,
    otherEngines,
    mainTags: withoutChromium ? both(options.tags, 'not @browser') : options.tags,
    mainRuns: mainCounts.length > 0 ? runSources(mainCounts, options.parallel) : [[{ paths: prepared.files.map((f) => f.file) }]],
    needsBrowser: chosen.plansTag(BROWSER) || chosen.plansBrowserSentence(),
    browserPaths: otherEngines.length > 0 ? browserScenarios.linePaths() : [],
    baseline,
  };
}
