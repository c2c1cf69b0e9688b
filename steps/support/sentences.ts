/**
 * The vocabulary's definer: each step file defines its sentences through
 * `sentences(topic)`, which registers them with cucumber and records what
 * they mean in the vocabulary (steps/vocabulary.ts), so the glossary
 * (docs/STEPS.md and `response-conformance steps`) is generated from the
 * definitions themselves and cannot drift from them.
 *
 * It is also the one place a scenario's named values reach a step: every
 * parameter, doc string and data table has its `{{name}}`s filled in by the
 * World before the step runs, and every error the step throws has the
 * scenario's secret values masked from its message.
 */
import { DataTable, Given, Then, When } from '@cucumber/cucumber';
import { recordSentence, type Keyword, type SentenceDoc } from '../vocabulary';
import type { ConformanceWorld } from './world';

export { documentParameter, type ParameterDoc } from '../vocabulary';

const CUCUMBER = { Given, When, Then } as const;

// Step functions take the World as `this` and any parameters; cucumber checks the arity.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StepFunction = (this: any, ...args: any[]) => unknown;

/** The sentence definer for one section of the glossary. */
export function sentences(topic: string) {
  return (keyword: Keyword, pattern: string, doc: SentenceDoc, fn: StepFunction): void => {
    if (doc.docString === undefined && doc.checkDocString !== undefined) throw new Error(`${pattern}: checkDocString without a docString example`);
    if (doc.dataTable === undefined && doc.checkDataTable !== undefined) throw new Error(`${pattern}: checkDataTable without a dataTable example`);
    // Support code may be loaded more than once in a process; a sentence is one entry whatever happens.
    recordSentence({ keyword, pattern, topic, ...doc });
    CUCUMBER[keyword](pattern, withNamedValues(fn));
  };
}

/** `fn` with its arguments' `{{name}}`s filled in by the World, and its errors' messages masked of secrets; cucumber still sees `fn`'s arity. */
function withNamedValues(fn: StepFunction): StepFunction {
  const step = async function (this: ConformanceWorld, ...args: unknown[]) {
    try {
      const filled = args.map((argument) => filledIn(argument, (text) => this.substitute(text)));
      return await fn.apply(this, filled);
    } catch (error) {
      if (error instanceof Error) {
        error.message = this.masked(error.message);
        if (error.stack !== undefined) error.stack = this.masked(error.stack);
      }
      throw error;
    }
  };
  Object.defineProperty(step, 'length', { value: fn.length });
  return step;
}

/** A step's argument with `fill` applied to every text in it: a string, a data table's cells, a parsed parameter's fields (an endpoint's path). */
export function filledIn(argument: unknown, fill: (text: string) => string): unknown {
  if (typeof argument === 'string') return fill(argument);
  if (argument instanceof DataTable) return new DataTable(argument.raw().map((row) => row.map(fill)));
  if (Array.isArray(argument)) return argument.map((item) => filledIn(item, fill));
  if (argument !== null && typeof argument === 'object' && Object.getPrototypeOf(argument) === Object.prototype) {
    return Object.fromEntries(Object.entries(argument).map(([key, value]) => [key, filledIn(value, fill)]));
  }
  return argument; // a number, a RegExp, an origin's keyword: nothing a name can be written in
}
