/**
 * The scenarios of a run as the feature check compiled them (Gherkin's own
 * pickles, in file order), chosen by a tag expression the way cucumber
 * chooses them. The plan lists and counts scenarios from these, so nothing
 * is compiled a second time by a dry run of cucumber's.
 */
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import type { GherkinDocument, Pickle } from '@cucumber/messages';
import { UsageError } from '../configuration';
import { childrenOf, levelOf } from './gherkin';
import { areaOf, scenarioId } from './scenario-id';
import type { PlannedScenario } from './summary';

/**
 * One compiled scenario, as the plan needs it: which file, its tags (its
 * feature's, rule's and examples' included), whether it drives a real
 * browser, and its name in the reports. Only this is kept of a pickle, so
 * the plan of a large suite holds little.
 */
export interface CompiledScenario {
  /** The feature file's absolute path, as cucumber gets it. */
  readonly file: string;
  readonly tags: readonly string[];
  /** Whether a step is a sentence about a script in the browser ("… in the browser on …"). */
  readonly browserSentence: boolean;
  /** The line cucumber's line filter ("file:line") chooses this scenario by: its example row's, or its Scenario's. */
  readonly line: number;
  readonly scenario: PlannedScenario;
}

/** The sentences that drive a real browser, whatever the scenario's tags. */
const BROWSER_SENTENCE = / in the browser on /;

/** A feature file's pickles, as the plan keeps them. */
export function compiledScenarios(file: string, document: GherkinDocument, pickles: readonly Pickle[]): CompiledScenario[] {
  const rows = exampleRowsOf(document);
  const lines = scenarioLinesOf(document);
  const name = document.feature?.name ?? document.uri ?? '';
  return pickles.map((pickle) => ({
    file,
    tags: pickle.tags.map((t) => t.name),
    browserSentence: pickle.steps.some((step) => BROWSER_SENTENCE.test(step.text)),
    line: lines.get(pickle.astNodeIds[pickle.astNodeIds.length - 1]) ?? 0,
    scenario: describePickle(pickle, name, rows),
  }));
}

/** The line of every Scenario and example row, by AST node id: what cucumber's line filter matches a pickle by. */
function scenarioLinesOf(document: GherkinDocument): Map<string, number> {
  const lines = new Map<string, number>();
  for (const child of childrenOf(document.feature)) {
    if (child.scenario === undefined) continue;
    lines.set(child.scenario.id, child.scenario.location.line);
    for (const row of child.scenario.examples.flatMap((examples) => examples.tableBody)) lines.set(row.id, row.location.line);
  }
  return lines;
}

/** A Scenario Outline's example rows by their AST node id: the row's number within its scenario, from 1. */
export function exampleRowsOf(document: GherkinDocument): Map<string, number> {
  const rows = new Map<string, number>();
  for (const child of childrenOf(document.feature)) {
    (child.scenario?.examples ?? []).flatMap((examples) => examples.tableBody).forEach((row, i) => rows.set(row.id, i + 1));
  }
  return rows;
}

/** A compiled scenario as every report names it: its id, area, feature, name and level. */
export function describePickle(pickle: Pickle, featureName: string, exampleRows: ReadonlyMap<string, number>): PlannedScenario {
  const tags = pickle.tags.map((tag) => tag.name);
  const area = areaOf(pickle.uri);
  const row = pickle.astNodeIds.length > 1 ? exampleRows.get(pickle.astNodeIds[1]) : undefined;
  return { id: scenarioId(area, pickle.name, tags, row), area, feature: featureName, name: pickle.name, level: levelOf(tags) };
}

/**
 * --tags, parsed as cucumber parses it; a mistake is a UsageError saying
 * what the parser found, before anything is read or sent.
 */
export function tagFilter(expression: string | undefined): (tags: readonly string[]) => boolean {
  if (expression === undefined || expression.trim() === '') return () => true;
  let node: ReturnType<typeof parseTagExpression>;
  try {
    node = parseTagExpression(expression);
  } catch (error) {
    throw new UsageError(`--tags ${JSON.stringify(expression)}: not a tag expression: ${(error as Error).message} (e.g. "@MUST and not @id:cors-3"; tags start with @, joined by and, or, not and parentheses)`);
  }
  return (tags) => node.evaluate([...tags]);
}

export class CompiledScenarios {
  private constructor(private readonly entries: readonly CompiledScenario[]) {}

  /** Each file's scenarios, in the order of the files. */
  static of(files: readonly (readonly CompiledScenario[])[]): CompiledScenarios {
    return new CompiledScenarios(files.flat());
  }

  /** Those the tag expression chooses (all of them without one). */
  select(tags: string | undefined): CompiledScenarios {
    if (tags === undefined) return this;
    const chosen = tagFilter(tags);
    return new CompiledScenarios(this.entries.filter((e) => chosen(e.tags)));
  }

  /** Those that carry `tag` (true) or not (false). */
  tagged(tag: string, has: boolean): CompiledScenarios {
    return new CompiledScenarios(this.entries.filter((e) => e.tags.includes(tag) === has));
  }

  /**
   * Those a browser engine runs (true) or not (false): tagged `tag`
   * (@browser), or with a sentence that drives a real browser, tagged or
   * not; a script scenario is run in every engine the run asks for.
   */
  inBrowser(tag: string, is: boolean): CompiledScenarios {
    return new CompiledScenarios(this.entries.filter((e) => (e.tags.includes(tag) || e.browserSentence) === is));
  }

  /** How many scenarios each file holds, in file order; files that hold none are left out. */
  countsByFile(): { readonly file: string; readonly count: number }[] {
    const counts = new Map<string, number>();
    for (const e of this.entries) counts.set(e.file, (counts.get(e.file) ?? 0) + 1);
    return [...counts].map(([file, count]) => ({ file, count }));
  }

  /** Cucumber's paths that choose exactly these scenarios: each file with the lines of its scenarios ("file:12:30"). */
  linePaths(): string[] {
    const lines = new Map<string, number[]>();
    for (const e of this.entries) lines.set(e.file, [...(lines.get(e.file) ?? []), e.line]);
    return [...lines].map(([file, at]) => `${file}:${at.join(':')}`);
  }

  /** Every scenario, in file order. */
  planned(): PlannedScenario[] {
    return this.entries.map((e) => e.scenario);
  }

  /** Whether any scenario carries `tag` (e.g. "@browser", inherited from its feature). */
  plansTag(tag: string): boolean {
    return this.entries.some((e) => e.tags.includes(tag));
  }

  /** Whether any scenario has a sentence that drives a real browser. */
  plansBrowserSentence(): boolean {
    return this.entries.some((e) => e.browserSentence);
  }
}
