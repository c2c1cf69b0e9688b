/**
 * The vocabulary: every sentence a feature can use. Each step file defines
 * its sentences through `sentences(topic)`, which registers them with
 * cucumber and records what they mean, so the glossary (docs/STEPS.md and
 * `response-conformance steps`) is generated from the definitions
 * themselves and cannot drift from them. Registers nothing else, so the
 * runner can import it.
 */
import { Given, Then, When } from '@cucumber/cucumber';

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

const CUCUMBER = { Given, When, Then } as const;

// Step functions take the World as `this` and any parameters; cucumber checks the arity.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StepFunction = (this: any, ...args: any[]) => unknown;

/** The sentence definer for one section of the glossary. */
export function sentences(topic: string) {
  return (keyword: Keyword, pattern: string, doc: SentenceDoc, fn: StepFunction): void => {
    if (doc.docString === undefined && doc.checkDocString !== undefined) throw new Error(`${pattern}: checkDocString without a docString example`);
    // Support code may be loaded more than once in a process; a sentence is one entry whatever happens.
    registered.set(pattern, { keyword, pattern, topic, ...doc });
    CUCUMBER[keyword](pattern, fn);
  };
}
