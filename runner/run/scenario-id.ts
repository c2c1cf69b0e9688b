/**
 * A scenario's id: its @id: tag, or, for a user's scenario without one, an id
 * made from its file's name and its own name, which stays the same from run
 * to run until either is renamed. A row of a Scenario Outline adds its
 * number, so each row has an id of its own.
 */
import { createHash } from 'node:crypto';

export function areaOf(uri: string): string {
  return uri.replace(/^.*[\\/]/, '').replace(/\.feature$/, '');
}

export function taggedId(tags: readonly string[]): string | undefined {
  return tags.find((tag) => tag.startsWith('@id:'))?.slice('@id:'.length);
}

export function scenarioId(uri: string, name: string, tags: readonly string[], row?: number): string {
  const base = taggedId(tags) ?? `${areaOf(uri)}-${createHash('sha256').update(name).digest('hex').slice(0, 6)}`;
  return row === undefined ? base : `${base}.${row}`;
}
