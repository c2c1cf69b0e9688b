/**
 * What a stack of the compatibility table is: how to start it, what it is
 * made of, and every failure it is expected to have, triaged. The stacks
 * themselves are listed by language in python.ts, node.ts, go.ts, ruby.ts
 * and proxies.ts; registry.ts puts them in the table's order.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Debian's python3, which has the stacks' packages; another python3 on PATH (pyenv, say) may not. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
/** Where Debian's Python packages are installed. */
export const DIST = '/usr/lib/python3/dist-packages';
/** Starlette on uvicorn: a stack of its own, and the backend the proxies stand in front of. */
export const STARLETTE_NEEDS = [
  { path: `${DIST}/starlette`, install: 'python3-starlette' },
  { path: `${DIST}/uvicorn`, install: 'python3-uvicorn' },
];

/** This project's node_modules, where the Node stacks' npm packages are. */
export const NODE_MODULES = path.join(__dirname, '..', '..', '..', 'node_modules');

export interface ExpectedFailure {
  readonly id: string;
  /** What the stack does. */
  readonly does: string;
  /** The rule it breaks, with its source. */
  readonly rule: string;
  /** The configuration change that fixes it, where one exists. */
  readonly fix: string | null;
}

export interface Stack {
  /** Short, stable, used in file names. */
  readonly slug: string;
  readonly name: string;
  /** How it is configured: "as its docs say", or the change that makes it pass. */
  readonly configuration: string;
  readonly source: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Debian packages whose versions the table shows. */
  readonly packages: readonly string[];
  /** npm packages (this project's dev dependencies) whose versions the table shows. */
  readonly npmPackages?: readonly string[];
  /** What must be on the machine to run it; the first missing one is the reason it is skipped. */
  readonly needs: readonly { readonly path: string; readonly install: string }[];
  /** A step that must finish before the stack can start (a Go build, say), run from the project's root. */
  readonly prepare?: { readonly command: string; readonly args: readonly string[]; readonly env?: Readonly<Record<string, string>> };
  /** The scenarios it fails, each triaged; empty for a stack that passes everything. */
  readonly fails: readonly ExpectedFailure[];
  /**
   * For a stack that publishes an OpenAPI document as its users would (at
   * /openapi.json): the promise findings the audit of that document gives,
   * each triaged. Absent for a stack without a document.
   */
  readonly document?: { readonly findings: readonly ExpectedFinding[] };
}

/** A finding the audit of a stack's own document gives, triaged like a failure. */
export interface ExpectedFinding extends ExpectedFailure {
  /** The operation it is about, as the audit names it: "GET /inventory/{item_id}". */
  readonly operation: string;
}


/** The rule a stack breaks when it leaves out Vary: Origin. */
export const VARY = 'Fetch §3.2.3 and RFC 9110 §12.5.5: an answer that depends on the Origin must say Vary: Origin, or a cache may serve one origin\'s grant to another';


/** Each of `packages`, looked for in this project's node_modules. */
export function npmNeeds(packages: readonly string[]): Stack['needs'] {
  return packages.map((pkg) => ({ path: path.join(NODE_MODULES, pkg), install: `${pkg} (npm ci)` }));
}

/** Why the stack cannot run here, or null. */
export function stackMissing(stack: Stack): string | null {
  const missing = stack.needs.filter((need) => !existsSync(need.path));
  return missing.length === 0 ? null : `not installed: ${missing.map((m) => m.install).join(', ')} (scripts/install.sh installs them)`;
}
