/** The Go stacks of the compatibility table. */
import type { Stack } from './stack';

export const GO_STACKS: readonly Stack[] = [];
