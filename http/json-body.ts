/** A body read as JSON, or a short, clear error showing what came instead. */
import type { Exchange } from './client';

const SNIPPET = 120;

/**
 * The body a check needs as JSON is not JSON: the server's answer is at
 * fault, so the check that reads it fails (steps/support/verdict.ts makes it
 * the check's failure), never the run.
 */
export class BodyNotJson extends Error {
  override name = 'BodyNotJson';
  readonly code = 'BODY_NOT_JSON';
}

export function parseJsonBody(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.text);
  } catch {
    const text = exchange.text.length > SNIPPET ? `${exchange.text.slice(0, SNIPPET)}…` : exchange.text;
    throw new BodyNotJson(`the body is not JSON: ${text === '' ? '(empty)' : JSON.stringify(text)}`);
  }
}
