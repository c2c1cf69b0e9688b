/**
 * A user's feature file is input: before anything is sent, every step of
 * every scenario is parsed and matched against the vocabulary, and each
 * parameter is parsed. What is wrong is reported with the file, the line and
 * the offending text (and, for an undefined step, the nearest sentences), so
 * a run never judges a server with a feature that does not mean what it says.
 * Missing levels and ids are only warnings; both levels at once is refused.
 * A `{{name}}` used before its scenario (Background included) defines it is
 * refused too, with the names known at that step.
 */
import { readFileSync } from 'node:fs';
import { compile } from '@cucumber/gherkin';
import { IdGenerator, type GherkinDocument, type Pickle, type PickleStep } from '@cucumber/messages';
import type { ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { allSentences, namesUsedIn, sentenceFor, type Sentence } from '../../steps/vocabulary';
import { areaOf, scenarioId, taggedId } from './scenario-id';
import { childrenOf, hasBothLevels, parseGherkin } from './gherkin';
import { nearestSentences } from './suggest';
import type { FeatureFile } from './feature-files';
import { compiledScenarios, type CompiledScenario } from './compiled';

/** The features cannot be run as written; exits 2 with every problem. */
export class FeatureError extends Error {
  override name = 'FeatureError';
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length === 1 ? 'a problem' : `${problems.length} problems`} in the features, so nothing was run:\n${problems.join('\n')}`);
  }
}

export interface FeatureCheck {
  /** "file:line: …" for a user's scenario without a level or an id. */
  readonly warnings: string[];
  /** The files whose Feature is tagged @browser. */
  readonly browserFiles: ReadonlySet<string>;
  /** Every file's scenarios, compiled once here, by file name. */
  readonly compiled: ReadonlyMap<string, readonly CompiledScenario[]>;
}

/** What this check reads of a cucumber step definition (its SupportCodeLibrary's runtime shape; the API types keep it opaque). */
interface StepDefinition {
  readonly pattern: string | RegExp;
  readonly expression: { match(text: string): readonly { getValue(thisObject: unknown): unknown }[] | null };
}
type StepDefinitions = readonly StepDefinition[];

function stepDefinitionsOf(support: ISupportCodeLibrary): StepDefinitions {
  return (support as unknown as { stepDefinitions: StepDefinitions }).stepDefinitions;
}

export function checkFeatures(files: readonly FeatureFile[], support: ISupportCodeLibrary): FeatureCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  const browserFiles = new Set<string>();
  const compiled = new Map<string, readonly CompiledScenario[]>();
  const scenariosFrom = new Map<string, number>();
  const ids = new Map<string, string>(); // id -> where first seen
  const definitions = stepDefinitionsOf(support);
  // A step's verdict depends on its text and argument only: a sentence repeated across scenarios is matched once.
  const verdicts = new Map<string, StepProblem | null>();
  const checked = (step: PickleStep): StepProblem | null => {
    const docString = step.argument?.docString;
    const key = `${step.text}\u0000${docString === undefined ? '-' : `+${docString.content}`}\u0000${step.argument?.dataTable === undefined ? '-' : `+${JSON.stringify(step.argument.dataTable.rows.map((row) => row.cells.map((cell) => cell.value)))}`}`;
    let verdict = verdicts.get(key);
    if (verdict === undefined) verdicts.set(key, (verdict = checkStep(step, definitions)));
    return verdict;
  };
  const definedBy = new Map<string, readonly string[]>();
  const definesOf = (step: PickleStep): readonly string[] => {
    let names = definedBy.get(step.text);
    if (names === undefined) definedBy.set(step.text, (names = namesDefinedBy(step, definitions)));
    return names;
  };
  for (const source of files) {
    const parsed = parse(source);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    const { document } = parsed;
    if (document.feature?.tags.some((tag) => tag.name === '@browser')) browserFiles.add(source.file);
    const pickles = compile(document, source.shown, IdGenerator.incrementing());
    compiled.set(source.file, compiledScenarios(source.file, document, pickles));
    scenariosFrom.set(source.from, (scenariosFrom.get(source.from) ?? 0) + pickles.length);
    const lines = stepLines(document);
    const scenarioAt = scenarioLines(document);
    const reported = new Set<string>();
    for (const pickle of pickles) {
      for (const step of pickle.steps) {
        const line = lines.get(step.astNodeIds[0]) ?? { line: 0, keyword: '' };
        const key = `${line.line}\u0000${step.text}`;
        if (reported.has(key)) continue; // a Scenario Outline's step is checked once per distinct text
        reported.add(key);
        const problem = checked(step);
        if (problem !== null) problems.push([`${source.shown}:${line.line}: ${problem.headline}`, `    ${line.keyword}${step.text}`, ...problem.details].join('\n'));
      }
      // Names are strict: walk the scenario's steps in order, the Background's first, as they will run.
      const known: string[] = [];
      for (const step of pickle.steps) {
        const line = lines.get(step.astNodeIds[0]) ?? { line: 0, keyword: '' };
        for (const name of namesUsedInStep(step).filter((used) => !known.includes(used))) {
          const key = `${line.line}\u0000{{${name}}}\u0000${known.join(',')}`;
          if (reported.has(key)) continue;
          reported.add(key);
          problems.push(
            [
              `${source.shown}:${line.line}: "{{${name}}}" names no value defined before this step in "${pickle.name}" (its Background included); ${known.length === 0 ? 'none is defined yet' : `the names known here: ${known.join(', ')}`}`,
              `    ${line.keyword}${step.text}`,
              '  a value is named, in a step before, by:',
              ...allSentences()
                .filter((sentence) => sentence.pattern.includes('{name}'))
                .map((sentence) => `    ${sentence.keyword} ${sentence.pattern}`),
            ].join('\n'),
          );
        }
        for (const name of definesOf(step)) if (!known.includes(name)) known.push(name);
      }
      const tags = pickle.tags.map((t) => t.name);
      if (hasBothLevels(tags)) {
        problems.push(`${source.shown}:${scenarioAt.get(pickle.astNodeIds[0]) ?? 0}: "${pickle.name}" is tagged both @MUST and @SHOULD, but a requirement has one level: keep @MUST where the FastAPI docs or a standard require it, @SHOULD where it is good practice`);
      } else if (source.own) warnings.push(...scenarioWarnings(source, scenarioAt.get(pickle.astNodeIds[0]) ?? 0, pickle, ids));
    }
  }
  for (const [from, count] of scenariosFrom) if (count === 0) problems.push(`${from}: holds no scenario, so it would check nothing`);
  if (problems.length > 0) throw new FeatureError(problems);
  return { warnings, browserFiles, compiled };
}

function parse(source: FeatureFile): { document: GherkinDocument } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(source.file, 'utf8');
  } catch (error) {
    return { problem: `${source.shown}: cannot be read: ${(error as Error).message}` };
  }
  try {
    const document = parseGherkin(text);
    if (!document.feature) return { problem: `${source.shown}:1: no "Feature:" line, so the file holds no scenario` };
    return { document: { ...document, uri: source.shown } };
  } catch (error) {
    const errors = (error as { errors?: { message: string; location?: { line: number } }[] }).errors ?? [{ message: (error as Error).message }];
    return { problem: errors.map((e) => `${source.shown}:${e.location?.line ?? 1}: the Gherkin does not parse: ${explainParserError(e.message)}`).join('\n') };
  }
}

/** Gherkin's "(4:3): expected: #EOF, #TableRow, … got 'Foo bar'" in words. */
function explainParserError(message: string): string {
  const bare = message.replace(/^\(\d+:\d+\): /, '');
  const got = /got '(.*)'$/.exec(bare);
  if (got && bare.includes('#StepLine')) return `this line is not a step, a tag, a comment or a keyword line (a step starts with Given, When, Then, And or But)\n    ${got[1]}`;
  if (got && bare.includes('#FeatureLine')) return `a feature file starts with a "Feature:" line (after any tags, comments or a # language line)\n    ${got[1]}`;
  return bare;
}

/** Each step's line and keyword, by its AST node id. */
function stepLines(document: GherkinDocument): Map<string, { line: number; keyword: string }> {
  const lines = new Map<string, { line: number; keyword: string }>();
  for (const child of childrenOf(document.feature)) {
    for (const step of child.background?.steps ?? child.scenario?.steps ?? []) lines.set(step.id, { line: step.location.line, keyword: step.keyword });
  }
  return lines;
}

interface StepProblem {
  readonly headline: string;
  readonly details: readonly string[];
}

/** The names a step uses as {{name}}: in its text, its doc string and its data table's cells. */
function namesUsedInStep(step: PickleStep): string[] {
  const texts = [step.text, step.argument?.docString?.content ?? '', ...(step.argument?.dataTable?.rows ?? []).flatMap((row) => row.cells.map((cell) => cell.value))];
  return [...new Set(texts.flatMap(namesUsedIn))];
}

/** The names a step defines for the steps after it: the values of its {name} parameters (steps/support/parameter-types.ts). */
function namesDefinedBy(step: PickleStep, definitions: StepDefinitions): string[] {
  const matching = definitions.filter((definition) => definition.expression.match(step.text) !== null);
  if (matching.length !== 1) return [];
  const [definition] = matching;
  const types = [...String(definition.pattern).matchAll(/\{(\w*)\}/g)].map((m) => m[1]);
  const args = definition.expression.match(step.text) ?? [];
  try {
    return types.flatMap((type, index) => (type === 'name' && args[index] !== undefined ? [String(args[index].getValue(null))] : []));
  } catch {
    return []; // a name that does not parse is reported by checkStep
  }
}

/** Why the step cannot run as written, or null: undefined, ambiguous, a parameter that does not parse, a missing or extra doc string or data table. */
function checkStep(step: PickleStep, definitions: StepDefinitions): StepProblem | null {
  const matching = definitions.filter((definition) => definition.expression.match(step.text) !== null);
  if (matching.length === 0) {
    const near = nearestSentences(step.text, allSentences());
    const hint = near.length === 0 ? ['  no sentence is close: `response-conformance steps` lists them all'] : ['  did you mean:', ...near.map((s) => `    ${s.keyword} ${s.pattern}   (e.g. ${s.example})`)];
    return { headline: 'undefined step: no sentence of the vocabulary reads', details: hint };
  }
  if (matching.length > 1) {
    return { headline: `ambiguous step: it reads as ${matching.length} sentences`, details: matching.map((d) => `    ${describe(sentenceFor(String(d.pattern)), d)}`) };
  }
  const [definition] = matching;
  const sentence = sentenceFor(String(definition.pattern));
  const wrong = (headline: string): StepProblem => ({ headline, details: [`  the sentence: ${describe(sentence, definition)}`] });
  try {
    for (const argument of definition.expression.match(step.text) ?? []) argument.getValue(null);
  } catch (error) {
    return wrong((error as Error).message);
  }
  const docString = step.argument?.docString?.content;
  const dataTable = step.argument?.dataTable?.rows.map((row) => row.cells.map((cell) => cell.value));
  if (sentence?.dataTable === undefined && dataTable !== undefined) return wrong('this sentence takes no data table');
  if (sentence?.dataTable !== undefined && dataTable === undefined) return wrong('this sentence takes a data table (rows of | name | value |) below the step');
  if (dataTable !== undefined && sentence?.checkDataTable) {
    try {
      sentence.checkDataTable(dataTable);
    } catch (error) {
      return wrong((error as Error).message);
    }
  }
  if (sentence?.docString !== undefined && docString === undefined) return wrong('this sentence takes a doc string (between """ lines) below the step');
  if (sentence?.docString === undefined && docString !== undefined) return wrong('this sentence takes no doc string');
  if (docString !== undefined && sentence?.checkDocString) {
    try {
      sentence.checkDocString(docString);
    } catch (error) {
      return wrong((error as Error).message);
    }
  }
  return null;
}

function describe(sentence: Sentence | undefined, definition: StepDefinitions[number]): string {
  return sentence ? `${sentence.keyword} ${sentence.pattern}` : String(definition.pattern);
}

/** A user's scenario without a level or an id still runs: as MUST, under an id made from its file and name. */
function scenarioWarnings(source: FeatureFile, line: number, pickle: Pickle, ids: Map<string, string>): string[] {
  const tags = pickle.tags.map((t) => t.name);
  const where = `${source.shown}:${line}`;
  const out: string[] = [];
  const levels = tags.filter((t) => t === '@MUST' || t === '@SHOULD');
  if (levels.length === 0) out.push(`${where}: "${pickle.name}" has no @MUST or @SHOULD tag, so it counts as MUST`);
  const id = scenarioId(areaOf(source.file), pickle.name, tags);
  if (taggedId(tags) === undefined && !ids.has(id)) out.push(`${where}: "${pickle.name}" has no @id: tag, so its id is ${id} (add @id:${id} to keep it when the name changes)`);
  const first = ids.get(id);
  if (first !== undefined && first !== where) out.push(`${where}: the id ${id} is also used at ${first}; ids must be unique for baselines to work`);
  else ids.set(id, where);
  return out;
}

/** Each scenario's line, by its AST node id: found once per file (a search per scenario grows with the square of the file). */
function scenarioLines(document: GherkinDocument): Map<string, number> {
  const lines = new Map<string, number>();
  for (const child of childrenOf(document.feature)) if (child.scenario !== undefined) lines.set(child.scenario.id, child.scenario.location.line);
  return lines;
}
