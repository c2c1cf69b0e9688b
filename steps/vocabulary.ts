/**
 * The vocabulary's registry: every sentence a feature can use and every
 * parameter type, as the step files define them (steps/support/sentences.ts
 * records each one as it registers it with cucumber). This file lists; it
 * registers nothing and imports nothing of cucumber's, so the runner, the
 * glossary and the feature check read it without loading the steps.
 */

/** The `{{name}}` syntax of a scenario's named values, which the feature check reads to refuse a name used before it is defined. */
export { namesUsedIn } from './placeholders';

export type Keyword = 'Given' | 'When' | 'Then';

export interface SentenceDoc {
  /** What the sentence does (Given, When) or checks (Then), in a sentence or two. */
  readonly summary: string;
  /** The step as a feature writes it, parameters filled in. A test matches it to this sentence, and to no other. */
  readonly example: string;
  /** The doc string the example takes, for a sentence that ends with a colon. */
  readonly docString?: string;
  /** Checks a doc string before anything runs; throws ParameterError saying what is wrong. */
  readonly checkDocString?: (content: string) => void;
  /** The data table the example takes, rows of cells, for a sentence that ends with a colon and reads a table. */
  readonly dataTable?: readonly (readonly string[])[];
  /** Checks a data table's rows before anything runs; throws ParameterError saying what is wrong. */
  readonly checkDataTable?: (rows: readonly (readonly string[])[]) => void;
  /** A sentence about the contract's own routes, of no use for another API. */
  readonly contract?: boolean;
}

export interface Sentence extends SentenceDoc {
  readonly keyword: Keyword;
  /** The cucumber expression, e.g. 'the script can read {header}'. */
  readonly pattern: string;
  /** The glossary's section. */
  readonly topic: string;
}

/** What the glossary says of a parameter type. */
export interface ParameterDoc {
  readonly name: string;
  readonly accepts: string;
  readonly examples: readonly string[];
}

const registered = new Map<string, Sentence>();
const parameters = new Map<string, ParameterDoc>();

/** Records a parameter type's glossary entry (parameter-types.ts, as it defines each type). */
export function documentParameter(doc: ParameterDoc): void {
  parameters.set(doc.name, doc);
}

export function allParameterDocs(): ParameterDoc[] {
  return [...parameters.values()];
}

/** Every sentence, in the order the step files define them. */
export function allSentences(): Sentence[] {
  return [...registered.values()];
}

export function sentenceFor(pattern: string): Sentence | undefined {
  return registered.get(pattern);
}

/** Records a sentence as it is registered with cucumber (vocabulary.ts). Loading the steps twice leaves one entry. */
export function recordSentence(sentence: Sentence): void {
  registered.set(sentence.pattern, sentence);
}
