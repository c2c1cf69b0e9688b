/**
 * JSON pointers (RFC 6901, https://www.rfc-editor.org/rfc/rfc6901), the
 * evidence every finding about a document carries: "#/paths/~1api~1items/get".
 * Only the writing of them is here; reading what a pointer names is the
 * $ref library's job (load.ts).
 */

/** RFC 6901 §3: "~" is written "~0" and "/" is written "~1", in that order. */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The pointer, in the URI-fragment form OpenAPI's `$ref`s use, to the place
 * reached by `tokens` from the document's root: ['paths', '/api/items', 'get']
 * → "#/paths/~1api~1items/get". Characters other than "~" and "/" are kept as
 * written (so "{item_id}" reads as in the document), as FastAPI's own $refs do.
 */
export function pointerOf(tokens: readonly (string | number)[]): string {
  return `#${tokens.map((token) => `/${escapeToken(String(token))}`).join('')}`;
}

/** The instance pointer (no "#"), as Ajv writes them: ['items', 0, 'owner'] → "/items/0/owner"; [] → "" (the whole body). */
export function instancePointerOf(tokens: readonly (string | number)[]): string {
  return tokens.map((token) => `/${escapeToken(String(token))}`).join('');
}
