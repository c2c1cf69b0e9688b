/**
 * A scenario's named values, used in later steps as `{{name}}` (after Hurl's
 * `{{variable}}` templates): the syntax, read alike by the feature check
 * (runner/run/feature-check.ts, which rejects a name used before it is
 * defined, with its file and line, before anything is sent) and by the World
 * (steps/support/world.ts, which fills them in as each step runs). Registers
 * nothing and imports nothing of cucumber's, so the runner reads it without
 * loading the steps.
 */

/** A name: a letter or an underscore, then letters, digits or underscores. */
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A use of a name in a step's text, doc string or data table: `{{token}}`, spaces inside the braces allowed. */
const USE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The names `text` uses, in order of first use. */
export function namesUsedIn(text: string): string[] {
  return [...new Set([...text.matchAll(USE)].map((m) => m[1]))];
}

/** `text` with every `{{name}}` replaced by `valueOf(name)` (which throws for a name it does not know). */
export function fillPlaceholders(text: string, valueOf: (name: string) => string): string {
  return text.replace(USE, (_, name: string) => valueOf(name));
}

/** Why `name` cannot name a value, or null when it can. */
export function nameProblem(name: string): string | null {
  return NAME.test(name) ? null : `"${name}" cannot name a value: a name is a letter or _ followed by letters, digits or _, such as "token" or "note_id", and is used later as {{${name.replace(/[^A-Za-z0-9_]/g, '_') || 'name'}}}`;
}

/** Whether a remembered value is a secret by its name or field: a token, a password, a key, a session. */
export function soundsSecret(...names: readonly string[]): boolean {
  return names.some((name) => /token|secret|passw|key|session|jwt|auth|cookie|credential/i.test(name));
}
