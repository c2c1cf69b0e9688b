/**
 * What a check returns when a rule is broken: facts, never prose (after
 * schemathesis's typed failures). The rule (its level is the catalogue's,
 * never the failure's), the kind of
 * failure as a value (renderers branch on it, never on words), the evidence
 * (the document's JSON pointer, the headers, the field) and the facts a
 * message needs. Each surface renders failures in its own words; none
 * judges on its own.
 */
import type { RuleId } from './catalogue';

export interface Evidence {
  /** The document's JSON pointer, for a promise: where it makes it. */
  readonly pointer?: string;
  /** The header names the failure is about, as the server spelt them. */
  readonly headers?: readonly string[];
}

export interface Failure<R extends RuleId = RuleId, K extends string = string, F = unknown> {
  readonly rule: R;
  readonly kind: K;
  readonly evidence: Evidence;
  readonly facts: F;
}

/** A failure of `rule`. */
export function failure<R extends RuleId, K extends string, F>(rule: R, kind: K, facts: F, evidence: Evidence = {}): Failure<R, K, F> {
  return { rule, kind, evidence, facts };
}
