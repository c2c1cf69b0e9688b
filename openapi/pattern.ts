/**
 * A schema's `pattern` (and `patternProperties`' names) as a RegExp. JSON
 * Schema says a pattern is an ECMA-262 regular expression; it does not say
 * which flags. Ajv reads every pattern with `u`, which `\p{L}` needs, but
 * which refuses identity escapes plain ECMA-262 allows (`^[a-zA-Z0-9_\-\:]+$`
 * is "Invalid escape" under `u`: DigitalOcean's, Linode's and AWS EFS's
 * documents write such patterns). So: with `u` where it reads, without it
 * where only that reads. One helper, for Ajv and for undeclared-fields.ts.
 */

const CACHE = new Map<string, RegExp>();

/** The pattern as a RegExp: with `u` when it is one under `u`, else without; throws a SyntaxError when neither reads it. */
export function patternRegExp(pattern: string): RegExp {
  let found = CACHE.get(pattern);
  if (found === undefined) {
    try {
      found = new RegExp(pattern, 'u');
    } catch (unicodeError) {
      try {
        found = new RegExp(pattern);
      } catch {
        throw unicodeError; // invalid either way: Ajv's note quotes the stricter reading
      }
    }
    if (CACHE.size > 10_000) CACHE.clear(); // a document's patterns are a few hundred; never a leak across many documents
    CACHE.set(pattern, found);
  }
  return found;
}

/** The engine Ajv's `code.regExp` option takes: Ajv asks for flags "u"; it gets what patternRegExp reads. */
export const patternEngine = Object.assign((pattern: string) => patternRegExp(pattern), { code: 'patternRegExp' });
