/**
 * JSON compared by meaning, for the body sentences: parsed values, numbers by
 * value (62 equals 62.0), key order ignored. `jsonContains` is the subset
 * match ("the body contains the JSON"); `jsonAt` reads a field by its path.
 */

/** Why `actual` does not contain `expected`, with the path where they part; null when it does. */
export function jsonMismatch(actual: unknown, expected: unknown, at = '$'): string | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `at ${at}: expected an array, got ${describe(actual)}`;
    // Arrays are matched item by item: the same length, each item containing the expected one.
    if (actual.length !== expected.length) return `at ${at}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i += 1) {
      const why = jsonMismatch(actual[i], expected[i], `${at}[${i}]`);
      if (why !== null) return why;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `at ${at}: expected an object, got ${describe(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const path = `${at}.${key}`;
      if (!Object.prototype.hasOwnProperty.call(actual, key)) return `at ${path}: the field is missing`;
      const why = jsonMismatch((actual as Record<string, unknown>)[key], value, path);
      if (why !== null) return why;
    }
    return null;
  }
  return actual === expected ? null : `at ${at}: expected ${JSON.stringify(expected)}, got ${describe(actual)}`;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** A field path: names separated by dots, a whole number indexing an array ("items.0.name"). */
export type FieldLookup = { readonly found: true; readonly value: unknown } | { readonly found: false; readonly reason: string };

export function jsonAt(body: unknown, path: string): FieldLookup {
  let value = body;
  const walked: string[] = [];
  for (const segment of path.split('.')) {
    const here = walked.length === 0 ? 'the body' : `"${walked.join('.')}"`;
    if (Array.isArray(value) && /^\d+$/.test(segment)) {
      if (Number(segment) >= value.length) return { found: false, reason: `${here} has ${value.length} items, so no item ${segment}` };
      value = value[Number(segment)];
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else {
      return { found: false, reason: `${here} has no field "${segment}"${value !== null && typeof value === 'object' && !Array.isArray(value) ? ` (its fields: ${Object.keys(value).join(', ') || 'none'})` : ` (it is ${describe(value)})`}` };
    }
    walked.push(segment);
  }
  return { found: true, value };
}
