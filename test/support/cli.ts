/** Running the response-conformance command as a user does, in a child process. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/support/processes';

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin', 'response-conformance.js'), ...args],
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

export const reportDir = (): string => mkdtempSync(path.join(tmpdir(), 'rc-reports-'));
export const readReport = (dir: string, name: string): string => readFileSync(path.join(dir, name), 'utf8');
export const readSummary = (dir: string) => JSON.parse(readReport(dir, 'summary.json'));
