/** A body read as JSON, or a short, clear error showing what came instead. */
import type { Exchange } from './client';

const SNIPPET = 120;

export function parseJsonBody(exchange: Exchange): unknown {
  try {
    return JSON.parse(exchange.text);
  } catch {
    const text = exchange.text.length > SNIPPET ? `${exchange.text.slice(0, SNIPPET)}…` : exchange.text;
    throw new Error(`the body is not JSON: ${text === '' ? '(empty)' : JSON.stringify(text)}`);
  }
}
