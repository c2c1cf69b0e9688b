/**
 * The compatibility table's stacks: real frameworks with their own CORS and
 * cookie support, each configured as its docs say, from Debian's packages
 * (Node's from npm). A stack that fails by default and passes once
 * configured has two rows. Every expected failure is triaged: what the
 * stack does, the rule it breaks and the change that fixes it. The matrix
 * test holds each row to exactly its expected failures, so a change in the
 * suite that flips a cell is seen.
 */
import { GO_STACKS } from './go';
import { NODE_STACKS } from './node';
import { PROXY_STACKS } from './proxies';
import { PYTHON_STACKS } from './python';
import { RUBY_STACKS } from './ruby';
import type { Stack } from './stack';

export type { ExpectedFailure, ExpectedFinding, Stack } from './stack';
export { stackMissing } from './stack';

/** In the table's order: by language, then the proxies. */
export const STACKS: readonly Stack[] = [...PYTHON_STACKS, ...NODE_STACKS, ...GO_STACKS, ...RUBY_STACKS, ...PROXY_STACKS];
