/**
 * Every report of a run, written into the report directory: summary.json,
 * junit.xml, report.html, summary.md and messages.ndjson (cucumber's
 * message stream). summary.md is also appended to $GITHUB_STEP_SUMMARY.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Summary } from '../run/summary';
import { redactMessages, Secrets } from './redact';
import { reportHtml } from './html';
import { junitXml } from './junit';
import { summaryMarkdown } from './markdown';
import { streamAtomically, writeAtomically } from './write';

export { writeAtomically };

/** Cucumber's message stream as NDJSON, read as the report is written: blocks of whole lines, each line ending in its newline. */
export interface MessageLines {
  chunks(): AsyncIterable<string>;
}

/** `summary` must already be redacted (redactSummary); the secrets are masked in the message stream as it is copied. */
export async function writeReports(dir: string, summary: Summary, messages: MessageLines, secrets: Secrets = new Secrets(), now = new Date()): Promise<string[]> {
  const markdown = summaryMarkdown(summary);
  const files: [string, string][] = [
    ['summary.json', `${JSON.stringify(summary, null, 2)}\n`],
    ['junit.xml', junitXml(summary)],
    ['report.html', reportHtml(summary, now)],
    ['summary.md', markdown],
  ];
  // Redacted block by block: a block holds whole lines, each one JSON envelope, masked in its string values.
  async function* ndjson() {
    for await (const block of messages.chunks()) yield redactMessages(block, secrets);
  }
  await Promise.all([...files.map(([name, content]) => writeAtomically(path.join(dir, name), content)), streamAtomically(path.join(dir, 'messages.ndjson'), ndjson())]);
  if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  return [...files.map(([name]) => name), 'messages.ndjson'].map((name) => path.join(dir, name));
}
