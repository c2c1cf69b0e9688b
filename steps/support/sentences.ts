/**
 * The vocabulary's definer: each step file defines its sentences through
 * `sentences(topic)`, which registers them with cucumber and records what
 * they mean in the vocabulary (steps/vocabulary.ts), so the glossary
 * (docs/STEPS.md and `response-conformance steps`) is generated from the
 * definitions themselves and cannot drift from them.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import { recordSentence, type Keyword, type SentenceDoc } from '../vocabulary';

export { documentParameter, type ParameterDoc } from '../vocabulary';

const CUCUMBER = { Given, When, Then } as const;

// Step functions take the World as `this` and any parameters; cucumber checks the arity.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StepFunction = (this: any, ...args: any[]) => unknown;

/** The sentence definer for one section of the glossary. */
export function sentences(topic: string) {
  return (keyword: Keyword, pattern: string, doc: SentenceDoc, fn: StepFunction): void => {
    if (doc.docString === undefined && doc.checkDocString !== undefined) throw new Error(`${pattern}: checkDocString without a docString example`);
    // Support code may be loaded more than once in a process; a sentence is one entry whatever happens.
    recordSentence({ keyword, pattern, topic, ...doc });
    CUCUMBER[keyword](pattern, fn);
  };
}
