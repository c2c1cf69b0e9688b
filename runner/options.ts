/** The command line: flags, their defaults, and the usage errors that exit 2. */
import { parseArgs } from 'node:util';
import { isToken } from '../http/header-list';
import { parseSerializedOrigin } from '../http/origin';
import { ENGINES, type Engine } from '../steps/support/engines';

export interface RunOptions {
  /** Base URL of the server under test; undefined runs the bundled reference server. */
  readonly target?: string;
  readonly origin: string;
  readonly tags?: string;
  readonly strict: boolean;
  readonly timeoutMs: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly reportDir: string;
  /** A baseline of scenarios known to fail (see baseline.ts). */
  readonly expect?: string;
  /** Write today's failures as a baseline to this file. */
  readonly writeExpectations?: string;
  /** Run a failing scenario up to this many more times; one that then passes is flaky. */
  readonly retries: number;
  /** How long to wait for the target to answer before giving up, in milliseconds. */
  readonly waitMs: number;
  /** @browser scenarios: auto (when Chromium is there), on (--browser, or --browsers), off (--no-browser). */
  readonly browser: 'auto' | 'on' | 'off';
  /** The engines that judge the @browser scenarios (--browsers); Chromium when not given. */
  readonly browsers: readonly Engine[];
  /** Accept any TLS certificate from the target. */
  readonly insecure: boolean;
  /** Run this many shards of the suite at once, in this process. */
  readonly parallel: number;
  /** A user's feature files, folders or globs (--features); empty runs the contract's. */
  readonly features: readonly string[];
  /** Run the contract's features as well as --features. */
  readonly withContract: boolean;
}

export type Command = { kind: 'help' } | { kind: 'steps' } | { kind: 'list'; options: RunOptions } | { kind: 'run'; options: RunOptions };

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: response-conformance [options]
       response-conformance steps        print every sentence a feature can use (docs/STEPS.md)
       response-conformance audit ...    what a browser on your origin can read from your API (audit --help)

Checks a server against the response-conformance spec (features/*.feature), or
against your own features written in the suite's sentences (--features).
Without --target it runs against the bundled reference server.

  --target URL        base URL of the server under test (a path prefix is kept)
  --origin ORIGIN     the browser origin the server grants (default https://frontend.example)
  --tags EXPR         run only scenarios matching a cucumber tag expression, e.g. "@MUST and not @id:cors-3"
  --strict            SHOULD failures fail the run too
  --timeout MS        per-request timeout in milliseconds (default 5000)
  --header "N: v"     send this header with every request (repeatable); values are never printed
  --report-dir DIR    where the reports go: summary.json, junit.xml, report.html, summary.md,
                      messages.ndjson (default reports/)
  --expect FILE       a baseline of scenario ids known to fail, each with a reason; listed failures
                      do not fail the run, listed scenarios that pass do
  --write-expectations FILE
                      write this run's failures as a baseline to FILE
  --retries N         run a failing scenario up to N more times; one that then passes is "flaky"
  --wait SECONDS      wait up to SECONDS for the target to answer before running (default 0)
  --browser           run the @browser scenarios in headless Chromium, failing them if it is missing
  --no-browser        skip the @browser scenarios (by default they run when Chromium is installed)
  --browsers LIST     judge the @browser scenarios in each of these engines: chromium, firefox
                      (comma-separated); a missing one fails its scenarios. Other engines than
                      Chromium report as "<id>@<engine>"; where engines disagree, the run says so
  --insecure          accept the target's TLS certificate even if it is self-signed or invalid
  --parallel N        run N shards of the suite at once, in this process (default 1); worth it for
                      a remote target, where each request waits on the network
  --features PATH     run your own .feature files instead of the contract's: a file, a folder or
                      a glob (repeatable); every flag above applies to them
  --with-contract     with --features, run the contract's features too
  --list              print every scenario's id, level and name; run nothing
  --help              this text

Exit status: 0 conformant, 1 not conformant, 2 usage error, unreachable target or harness failure.
Colour only on a terminal; NO_COLOR turns it off.
`;

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        origin: { type: 'string', default: 'https://frontend.example' },
        tags: { type: 'string' },
        strict: { type: 'boolean', default: false },
        timeout: { type: 'string', default: '5000' },
        header: { type: 'string', multiple: true, default: [] },
        'report-dir': { type: 'string', default: 'reports' },
        expect: { type: 'string' },
        'write-expectations': { type: 'string' },
        retries: { type: 'string', default: '0' },
        wait: { type: 'string', default: '0' },
        browser: { type: 'boolean', default: false },
        'no-browser': { type: 'boolean', default: false },
        browsers: { type: 'string' },
        insecure: { type: 'boolean', default: false },
        parallel: { type: 'string', default: '1' },
        features: { type: 'string', multiple: true, default: [] },
        'with-contract': { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) {
    if (positionals.length === 1 && positionals[0] === 'steps') return { kind: 'steps' };
    throw new UsageError(`unknown command "${positionals.join(' ')}" (the commands are: steps, audit; everything else is a --flag)`);
  }
  if (values['with-contract'] && values.features.length === 0) throw new UsageError('--with-contract adds the contract\'s features to --features PATH; without --features the contract runs anyway');
  if (values.browser && values['no-browser']) throw new UsageError('--browser and --no-browser contradict each other');
  if (values.browsers !== undefined && values['no-browser']) throw new UsageError('--browsers and --no-browser contradict each other');
  const browsers = values.browsers === undefined ? ['chromium' as const] : parseEngines(values.browsers);
  const options: RunOptions = {
    target: values.target === undefined ? undefined : parseTarget(values.target),
    origin: parseOrigin(values.origin),
    tags: values.tags,
    strict: values.strict,
    timeoutMs: parseTimeout(values.timeout),
    headers: values.header.map(parseHeader),
    reportDir: values['report-dir'],
    expect: values.expect,
    writeExpectations: values['write-expectations'],
    retries: wholeNumber('--retries', values.retries, 0, 10),
    waitMs: wholeNumber('--wait', values.wait, 0, 600) * 1000,
    browser: values.browser || values.browsers !== undefined ? 'on' : values['no-browser'] ? 'off' : 'auto',
    browsers,
    insecure: values.insecure,
    parallel: wholeNumber('--parallel', values.parallel, 1, 16),
    features: values.features,
    withContract: values['with-contract'],
  };
  return values.list ? { kind: 'list', options } : { kind: 'run', options };
}

export function parseTarget(text: string): string {
  const wanted = `--target must be an absolute http(s) URL such as http://127.0.0.1:8000, got "${text}"`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(wanted);
  }
  // "localhost:8000" parses as the scheme "localhost:": say what was meant, not what the parser saw.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? `--target must use http or https, got "${url.protocol}"` : wanted);
  if (url.search || url.hash) throw new UsageError('--target must not have a query or a fragment');
  return url.href.replace(/\/+$/, '');
}

function parseEngines(text: string): Engine[] {
  const names = text.split(',').map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(ENGINES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) throw new UsageError(`--browsers takes a comma-separated list of ${ENGINES.join(', ')}; got "${text}"`);
  return [...new Set(names as Engine[])];
}

/** An origin is scheme, host and port only (RFC 6454 §6.2 serialization), as browsers send it. */
export function parseOrigin(text: string): string {
  const parsed = parseSerializedOrigin(text);
  if (!parsed.ok) throw new UsageError(`--origin: ${parsed.reason}`);
  return parsed.origin;
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

export function parseTimeout(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms <= 0 || ms > 600_000) throw new UsageError(`--timeout must be a whole number of milliseconds from 1 to 600000, got "${text}"`);
  return ms;
}

export function parseHeader(text: string): readonly [string, string] {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!isToken(name)) throw new UsageError(`--header must look like "Name: value" (got a header without a valid name)`);
  const value = text.slice(colon + 1).trim();
  // The value is never echoed: it may be a secret.
  if (/[\r\n\0]/.test(value)) throw new UsageError(`--header ${name}: the value must not contain CR, LF or NUL`);
  return [name, value];
}
