/**
 * `npm run layers`: the import rule of the house (.dependency-cruiser.js),
 * checked by dependency-cruiser over the code that ships. Each violation is
 * printed as `file:line: rule: what imports what`, with the rule's reason,
 * so an upward import is found where it was written. Exits 1 on any.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The folders the rule covers: everything the package ships. */
export const LAYERED = ['bin', 'runner', 'steps', 'rules', 'browser', 'openapi', 'http', 'reference-server'];

interface Dependency {
  readonly module: string;
  readonly resolved: string;
}

interface Cruise {
  readonly modules: readonly { readonly source: string; readonly dependencies: readonly Dependency[] }[];
  readonly summary: {
    readonly violations: readonly { readonly from: string; readonly to: string; readonly rule: { readonly name: string } }[];
    readonly totalCruised: number;
    readonly ruleSetUsed: { readonly forbidden: readonly { readonly name: string; readonly comment: string }[] };
  };
}

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly to: string;
  readonly why: string;
}

/** The line of `file` that names `specifier` in an import, an export … from, a require() or an import(). */
function lineOf(root: string, file: string, specifier: string): number {
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  const at = lines.findIndex((line) => line.includes(`'${specifier}'`) || line.includes(`"${specifier}"`));
  return at + 1;
}

export function checkLayers(root: string): { violations: Violation[]; cruised: number } {
  // The package's own command (its exports map does not expose the file to require.resolve).
  const bin = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const present = LAYERED.filter((dir) => existsSync(path.join(root, dir)));
  let output: string;
  try {
    output = execFileSync(process.execPath, [bin, ...present, '--config', '.dependency-cruiser.js', '--output-type', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // depcruise exits non-zero when it finds errors; its JSON is still on stdout.
    output = (error as { stdout?: string }).stdout ?? '';
    if (output === '') throw error;
  }
  const cruise = JSON.parse(output) as Cruise;
  const reasons = new Map(cruise.summary.ruleSetUsed.forbidden.map((r) => [r.name, r.comment]));
  const violations = cruise.summary.violations.map((v): Violation => {
    const dependency = cruise.modules.find((m) => m.source === v.from)?.dependencies.find((d) => d.resolved === v.to);
    return { file: v.from, line: dependency === undefined ? 0 : lineOf(root, v.from, dependency.module), rule: v.rule.name, to: v.to, why: reasons.get(v.rule.name) ?? '' };
  });
  return { violations, cruised: cruise.summary.totalCruised };
}

export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line}: ${v.rule}: imports ${v.to}\n  ${v.why}`;
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const { violations, cruised } = checkLayers(root);
  for (const v of violations) process.stderr.write(`${formatViolation(v)}\n`);
  process.stdout.write(`layers: ${cruised} modules, ${violations.length} violation(s) of the import rule (.dependency-cruiser.js)\n`);
  process.exitCode = violations.length === 0 ? 0 : 1;
}
