/**
 * Cucumber's JavaScript API, as a run uses it: the configuration from
 * cucumber.js with this run's features, tags and parameters, the step
 * definitions loaded once per process (the vocabulary's registry fills as
 * they load), a run, and --parallel's shards.
 */
// First: V8's own match indices for cucumber-expressions, in the place of its polyfill (see match-indices.ts).
import './match-indices';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfiguration, loadSupport, runCucumber, type IRunConfiguration, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { DEFAULT_PARAMETERS, type ConformanceParameters } from '../../browser/parameters';
import type { RunOptions } from '../configuration';
import { MessageCollector } from './collector';
import type { FeatureFile } from './feature-files';
import type { ShardSource } from './shards';

/** The project's root, from runner/run/ or from dist/runner/run/ alike. */
export const PROJECT_ROOT = path.resolve(__dirname, path.basename(path.resolve(__dirname, '../..')) === 'dist' ? '../../..' : '../..');

/** Whether this runner is the compiled JavaScript (then its steps are too), whatever started it. */
const COMPILED = __filename.endsWith('.js');

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const environment = () => ({ cwd: PROJECT_ROOT, stdout: quiet(), stderr: process.stderr, env: process.env });

let support: ISupportCodeLibrary | undefined;

export async function configuration(options: Pick<RunOptions, 'tags' | 'retries'>, worldParameters: ConformanceParameters, files: readonly FeatureFile[]): Promise<IRunConfiguration> {
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

/** One run of cucumber; its messages go to `collector`, whose log is closed when the run ends. */
export async function runOnce(config: IRunConfiguration, collector: MessageCollector, dryRun: boolean) {
  const support = await loadVocabulary(config);
  try {
    return await runCucumber({ ...config, support, runtime: { ...config.runtime, dryRun } }, environment(), collector.accept);
  } finally {
    collector.log.close();
  }
}

/**
 * --parallel N: the shards of the suite (runner/run/shards.ts: each reads
 * only its files and runs about 1/N of the scenarios), run at once in this
 * process. The work is waiting on the target, so concurrency in one process
 * gives what worker processes would, without each paying the start-up.
 */
export async function runShards(config: IRunConfiguration, shards: readonly ShardSource[], collectors: readonly MessageCollector[]): Promise<void> {
  const sources = (s: ShardSource): IRunConfiguration['sources'] => ({ ...config.sources, paths: [...s.paths], ...(s.shard === undefined ? {} : { shard: s.shard }) });
  await Promise.all(shards.map((s, i) => runOnce({ ...config, sources: sources(s) }, collectors[i], false)));
}
