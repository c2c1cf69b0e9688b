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

/** One feature file's Gherkin document and its pickles, as compiled by the feature check. */
export interface CompiledFeature {
  /** The file's absolute path, as cucumber gets it. */
  readonly file: string;
  readonly document: GherkinDocument;
  readonly pickles: readonly Pickle[];
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
export function tagFilter(expression: string | undefined): (pickle: Pickle) => boolean {
  if (expression === undefined || expression.trim() === '') return () => true;
  let node: ReturnType<typeof parseTagExpression>;
  try {
    node = parseTagExpression(expression);
  } catch (error) {
    throw new UsageError(`--tags ${JSON.stringify(expression)}: not a tag expression: ${(error as Error).message} (e.g. "@MUST and not @id:cors-3"; tags start with @, joined by and, or, not and parentheses)`);
  }
  return (pickle) => node.evaluate(pickle.tags.map((tag) => tag.name));
}

interface Entry {
  readonly file: string;
  readonly pickle: Pickle;
  readonly scenario: PlannedScenario;
}

export class CompiledScenarios {
  private constructor(private readonly entries: readonly Entry[]) {}

  static of(features: readonly CompiledFeature[]): CompiledScenarios {
    return new CompiledScenarios(
      features.flatMap(({ file, document, pickles }) => {
        const rows = exampleRowsOf(document);
        const name = document.feature?.name ?? document.uri ?? '';
        return pickles.map((pickle) => ({ file, pickle, scenario: describePickle(pickle, name, rows) }));
      }),
    );
  }

  /** Those the tag expression chooses (all of them without one). */
  select(tags: string | undefined): CompiledScenarios {
    if (tags === undefined) return this;
    const chosen = tagFilter(tags);
    return new CompiledScenarios(this.entries.filter((e) => chosen(e.pickle)));
  }

  /** Those that carry `tag` (true) or not (false). */
  tagged(tag: string, has: boolean): CompiledScenarios {
    return new CompiledScenarios(this.entries.filter((e) => e.pickle.tags.some((t) => t.name === tag) === has));
  }

  /** How many scenarios each file holds, in file order; files that hold none are left out. */
  countsByFile(): { readonly file: string; readonly count: number }[] {
    const counts = new Map<string, number>();
    for (const e of this.entries) counts.set(e.file, (counts.get(e.file) ?? 0) + 1);
    return [...counts].map(([file, count]) => ({ file, count }));
  }

  /** Every scenario, in file order. */
  planned(): PlannedScenario[] {
    return this.entries.map((e) => e.scenario);
  }

  /** Whether any scenario carries `tag` (e.g. "@browser", inherited from its feature). */
  plansTag(tag: string): boolean {
    return this.entries.some((e) => e.pickle.tags.some((t) => t.name === tag));
  }

  /** Whether any scenario has a step whose text matches. */
  plansStep(text: RegExp): boolean {
    return this.entries.some((e) => e.pickle.steps.some((step) => text.test(step.text)));
  }
}
