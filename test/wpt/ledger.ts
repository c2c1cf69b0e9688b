/**
 * The ledger (test/wpt/expectation.json) read and checked for shape: where
 * the browsers and the standard part, case by case, each with the reason and
 * which way the model goes, as undici's test/web-platform-tests/expectation.json
 * keeps its known differences.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface LedgerEntry {
  /** The case's name: the WPT file and test (caseName). */
  readonly case: string;
  /** What WPT asserts, and what the Fetch standard says, in words. */
  readonly wpt: string;
  readonly standard: string;
  /** Each party's answer, in the words of describeObserved. */
  readonly chromium: string;
  readonly firefox: string;
  readonly model: string;
  /** Whom the model follows: "Chromium and Firefox", "the standard", "Chromium", "Firefox". */
  readonly follows: string;
  readonly reason: string;
}

export const LEDGER_FILE = path.join(__dirname, 'expectation.json');

const parsed = JSON.parse(readFileSync(LEDGER_FILE, 'utf8')) as { entries: LedgerEntry[] };

export const LEDGER: ReadonlyMap<string, LedgerEntry> = new Map(parsed.entries.map((entry) => [entry.case, entry]));
