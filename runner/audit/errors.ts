/**
 * The audit could not start or could not judge: a document that is not
 * there or not OpenAPI 3, Chromium required and missing. The command prints
 * its message as one line and exits 2; the message says what to do.
 */
export class AuditError extends Error {
  override name = 'AuditError';
}
