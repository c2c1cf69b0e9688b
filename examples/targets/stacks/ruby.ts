/** The Ruby stacks of the compatibility table. */
import type { Stack } from './stack';

export const RUBY_STACKS: readonly Stack[] = [];
