/**
 * Baselines (--expect FILE): scenarios known to fail, each with a reason and
 * optionally an expiry date, so a team can adopt the gate before its server
 * passes everything, and is told when a listed scenario starts to pass.
 *
 *   {
 *     "expected-failures": [
 *       { "id": "cookies-8", "reason": "the proxy folds Set-Cookie (OPS-123)", "expires": "2027-03-01" }
 *     ]
 *   }
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../configuration';
import type { ScenarioResult } from './summary';

export interface BaselineEntry {
  readonly id: string;
  readonly reason: string;
  /** Last day (UTC, YYYY-MM-DD) the entry counts; after it the failure is a plain failure again. */
  readonly expires?: string;
}

export interface Baseline {
  readonly file: string;
  readonly entries: ReadonlyMap<string, BaselineEntry>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function readBaseline(file: string, knownIds: ReadonlySet<string>): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--expect ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseBaseline(file, text, knownIds);
}

export function parseBaseline(file: string, text: string, knownIds: ReadonlySet<string>): Baseline {
  const problem = (what: string) => new UsageError(`--expect ${file}: ${what}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw problem(`not JSON (${(error as Error).message})`);
  }
  const list = (document as { 'expected-failures'?: unknown })?.['expected-failures'];
  if (typeof document !== 'object' || document === null || !Array.isArray(list)) throw problem('expected an object with an "expected-failures" list');
  const entries = new Map<string, BaselineEntry>();
  list.forEach((item: unknown, index) => {
    const at = `entry ${index + 1}`;
    if (typeof item !== 'object' || item === null) throw problem(`${at} is not an object`);
    const { id, reason, expires } = item as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') throw problem(`${at} has no "id"`);
    if (typeof reason !== 'string' || reason.trim() === '') throw problem(`${at} (${id}) has no "reason": say why it is expected to fail`);
    if (expires !== undefined && (typeof expires !== 'string' || !DATE.test(expires) || Number.isNaN(Date.parse(expires)))) {
      throw problem(`${at} (${id}) has "expires" that is not a date YYYY-MM-DD`);
    }
    if (entries.has(id)) throw problem(`${id} is listed twice`);
    entries.set(id, { id, reason, ...(expires === undefined ? {} : { expires: expires as string }) });
  });
  const unknown = [...entries.keys()].filter((id) => !knownIds.has(id));
  if (unknown.length > 0) throw problem(`unknown scenario id(s): ${unknown.join(', ')} (see --list)`);
  return { file, entries };
}

export function isExpired(entry: BaselineEntry, today: Date): boolean {
  return entry.expires !== undefined && today.toISOString().slice(0, 10) > entry.expires;
}

/**
 * A baseline of today's failures (--write-expectations), keeping the reason
 * and expiry of entries the previous baseline already had.
 */
export function baselineOf(results: readonly ScenarioResult[], previous: Baseline | undefined, today: Date): string {
  const day = today.toISOString().slice(0, 10);
  const failing = results.filter((r) => r.status === 'failed' || r.status === 'expected-failure' || r.status === 'flaky');
  const entries = failing.map(
    (r): BaselineEntry => previous?.entries.get(r.id) ?? { id: r.id, reason: `failing since ${day} (${r.level}: ${r.name}); replace this with why` },
  );
  return `${JSON.stringify({ 'expected-failures': entries }, null, 2)}\n`;
}
