/** Report files, written atomically: a reader sees the old file or the new one, never half of one. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Summary } from './summary';

export async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

export async function writeSummary(reportDir: string, summary: Summary): Promise<string> {
  const file = path.join(reportDir, 'summary.json');
  await writeAtomically(file, `${JSON.stringify(summary, null, 2)}\n`);
  return file;
}
