/**
 * The command line: one option schema for the suite and the audit, the
 * flags they share parsed by the same code, and the usage errors that exit
 * 2. The defaults are configuration.ts's, never written here.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EndpointError, parseEndpoint } from '../../http/endpoint';
import { isToken } from '../../http/header-list';
import { parseSerializedOrigin } from '../../http/origin';
import { ENGINES, engineName, type Engine } from '../../browser/engines';
import { DEFAULT_AUDIT_OPTIONS, DEFAULT_RUN_OPTIONS, UsageError, type AuditOptions, type AuditRoute, type BrowserMode, type RunOptions } from '../configuration';

export { UsageError };
export type { AuditOptions, RunOptions };

export type Command = { kind: 'help' } | { kind: 'steps' } | { kind: 'list'; options: RunOptions } | { kind: 'run'; options: RunOptions };

type Flags = NonNullable<ParseArgsConfig['options']>;

/** The flags both commands take, meaning the same in both. */
const SHARED_FLAGS = {
  target: { type: 'string' },
  origin: { type: 'string' },
  header: { type: 'string', multiple: true, default: [] },
  timeout: { type: 'string', default: String(DEFAULT_RUN_OPTIONS.timeoutMs) },
  insecure: { type: 'boolean', default: false },
  browser: { type: 'boolean', default: false },
  'no-browser': { type: 'boolean', default: false },
  'chromium-path': { type: 'string' },
  'firefox-path': { type: 'string' },
  browsers: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const satisfies Flags;

const RUN_FLAGS = {
  ...SHARED_FLAGS,
  origin: { type: 'string', default: DEFAULT_RUN_OPTIONS.origin },
  tags: { type: 'string' },
  strict: { type: 'boolean', default: false },
  'report-dir': { type: 'string', default: DEFAULT_RUN_OPTIONS.reportDir },
  expect: { type: 'string' },
  'write-expectations': { type: 'string' },
  retries: { type: 'string', default: String(DEFAULT_RUN_OPTIONS.retries) },
  wait: { type: 'string', default: String(DEFAULT_RUN_OPTIONS.waitMs / 1000) },
  parallel: { type: 'string', default: String(DEFAULT_RUN_OPTIONS.parallel) },
  features: { type: 'string', multiple: true, default: [] },
  'with-contract': { type: 'boolean', default: false },
  openapi: { type: 'string' },
  list: { type: 'boolean', default: false },
} as const satisfies Flags;

const AUDIT_FLAGS = {
  ...SHARED_FLAGS,
  route: { type: 'string', multiple: true, default: [] },
  openapi: { type: 'string' },
  param: { type: 'string', multiple: true, default: [] },
  unsafe: { type: 'boolean', default: DEFAULT_AUDIT_OPTIONS.unsafe },
  format: { type: 'string', default: DEFAULT_AUDIT_OPTIONS.format },
  'report-dir': { type: 'string' },
  'write-feature': { type: 'string' },
} as const satisfies Flags;

function parseFlags<T extends Flags>(argv: readonly string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

interface SharedValues {
  readonly header: string[];
  readonly timeout: string;
  readonly insecure: boolean;
  readonly browser: boolean;
  readonly 'no-browser': boolean;
  readonly 'chromium-path'?: string;
  readonly 'firefox-path'?: string;
  readonly browsers?: string;
}

/** The shared flags, parsed and checked the same way for both commands: --browsers names the engines, and asks for them (as --browser does). */
function sharedOptions(values: SharedValues) {
  if (values.browser && values['no-browser']) throw new UsageError('--browser and --no-browser contradict each other');
  if (values.browsers !== undefined && values['no-browser']) throw new UsageError('--browsers and --no-browser contradict each other');
  const browser: BrowserMode = values.browser || values.browsers !== undefined ? 'on' : values['no-browser'] ? 'off' : 'auto';
  const engines = checkEnginePaths({ chromiumPath: values['chromium-path'], firefoxPath: values['firefox-path'] });
  const browsers = values.browsers === undefined ? DEFAULT_RUN_OPTIONS.browsers : parseEngines(values.browsers);
  return { headers: values.header.map(parseHeader), timeoutMs: parseTimeout(values.timeout), insecure: values.insecure, browser, browsers, ...engines };
}

/** The flag naming each engine's executable, and an executable it could name. */
const ENGINE_FLAGS: Readonly<Record<Engine, string>> = { chromium: '--chromium-path', firefox: '--firefox-path' };
const EXAMPLE_EXECUTABLE: Readonly<Record<Engine, string>> = { chromium: '/usr/bin/chromium', firefox: '/usr/bin/firefox-esr' };

/**
 * A browser's executable named by --chromium-path or --firefox-path: it must
 * be there, or every scenario in that engine would fail (or, by default, be
 * skipped) for a path mistyped. Relative to the working directory.
 */
export function parseEnginePath(engine: Engine, text: string, cwd: string = process.cwd()): string {
  const flag = ENGINE_FLAGS[engine];
  const absolute = path.resolve(cwd, text);
  const lookedFor = absolute === text ? '' : ` (looked for ${absolute})`;
  if (!existsSync(absolute)) throw new UsageError(`${flag} ${text}: no such file${lookedFor}; give the path of ${engineName(engine)}'s executable, such as ${EXAMPLE_EXECUTABLE[engine]}`);
  if (statSync(absolute).isDirectory()) throw new UsageError(`${flag} ${text}: a folder, not the browser's executable (such as ${EXAMPLE_EXECUTABLE[engine]})`);
  return absolute;
}

/** The engine paths of run or audit options, each checked as its flag is; what is left out stays out. */
export function checkEnginePaths(paths: { readonly chromiumPath?: string; readonly firefoxPath?: string }): { chromiumPath?: string; firefoxPath?: string } {
  return {
    ...(paths.chromiumPath === undefined ? {} : { chromiumPath: parseEnginePath('chromium', paths.chromiumPath) }),
    ...(paths.firefoxPath === undefined ? {} : { firefoxPath: parseEnginePath('firefox', paths.firefoxPath) }),
  };
}

export const USAGE = `usage: response-conformance [options]
       response-conformance steps        print every sentence a feature can use (docs/STEPS.md)
       response-conformance audit ...    what a browser on your origin can read from your API (audit --help)

Checks a server against the response-conformance spec (features/*.feature), or
against your own features written in the suite's sentences (--features).
Without --target it runs against the bundled reference server.

  --target URL        base URL of the server under test (a path prefix is kept)
  --origin ORIGIN     the browser origin the server grants (default ${DEFAULT_RUN_OPTIONS.origin})
  --tags EXPR         run only scenarios matching a cucumber tag expression, e.g. "@MUST and not @id:cors-3"
  --strict            SHOULD failures fail the run too
  --timeout MS        per-request timeout in milliseconds (default ${DEFAULT_RUN_OPTIONS.timeoutMs})
  --header "N: v"     send this header with every request (repeatable); values are never printed
  --report-dir DIR    where the reports go: summary.json, junit.xml, report.html, summary.md,
                      messages.ndjson (default ${DEFAULT_RUN_OPTIONS.reportDir}/)
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
  --chromium-path PATH
                      the Chromium (or Chrome) for the @browser scenarios (default $CHROMIUM_PATH,
                      else Debian's chromium-headless-shell or chromium); a PATH that is not
                      there is a usage error
  --firefox-path PATH
                      the Firefox for --browsers firefox (default $FIREFOX_PATH, else Debian's
                      firefox-esr)
  --insecure          accept the target's TLS certificate even if it is self-signed or invalid
  --parallel N        run N shards of the suite at once, in this process (default 1); worth it for
                      a remote target, where each request waits on the network
  --features PATH     run your own .feature files instead of the contract's: a file, a folder or
                      a glob (repeatable); every flag above applies to them
  --with-contract     with --features, run the contract's features too
  --openapi FILE|URL  the OpenAPI document (JSON or YAML, a file or an http(s) URL) that the
                      sentences about it read (default <target>/openapi.json, FastAPI's);
                      read once, and only when a feature uses them
  --list              print every scenario's id, level and name; run nothing
  --help              this text

Exit status: 0 conformant, 1 not conformant, 2 usage error, unreachable target or harness failure.
Colour only on a terminal; NO_COLOR turns it off.
`;

export function parseCommand(argv: readonly string[]): Command {
  const { values, positionals } = parseFlags(argv, RUN_FLAGS, true);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) {
    if (positionals.length === 1 && positionals[0] === 'steps') return { kind: 'steps' };
    throw new UsageError(`unknown command "${positionals.join(' ')}" (the commands are: steps, audit; everything else is a --flag)`);
  }
  if (values['with-contract'] && values.features.length === 0) throw new UsageError('--with-contract adds the contract\'s features to --features PATH; without --features the contract runs anyway');
  if (values.openapi === '') throw new UsageError('--openapi needs a file or an http(s) URL');
  const options: RunOptions = {
    ...DEFAULT_RUN_OPTIONS,
    ...sharedOptions(values),
    target: values.target === undefined ? undefined : parseTarget(values.target),
    origin: parseOrigin(values.origin),
    tags: values.tags,
    strict: values.strict,
    reportDir: values['report-dir'],
    expect: values.expect,
    writeExpectations: values['write-expectations'],
    retries: wholeNumber('--retries', values.retries, 0, 10),
    waitMs: wholeNumber('--wait', values.wait, 0, 600) * 1000,
    parallel: wholeNumber('--parallel', values.parallel, 1, 16),
    features: values.features,
    withContract: values['with-contract'],
    ...(values.openapi === undefined ? {} : { openapi: values.openapi }),
  };
  return values.list ? { kind: 'list', options } : { kind: 'run', options };
}

export const AUDIT_USAGE = `usage: response-conformance audit --target URL --origin ORIGIN [--openapi FILE|URL] [--route "METHOD /path" ...] [options]

Shows, route by route, what a script on ORIGIN gets from the API with credentials
(cookies), judged by the Fetch model and by Chromium when it is installed: the status,
whether the response is granted (with and without credentials, and why not), every
header marked readable or hidden, every cookie with its attributes, and the CORS and
cookie mistakes found, each with an id, a level and what to change.

Without --route it reads the API's OpenAPI document (<target>/openapi.json, FastAPI's
default), calls every GET and HEAD operation as the frontend would, and checks each
answer against what the document promises: its status, media type, headers and schema.
POST, PUT, PATCH and DELETE are never sent without --unsafe: only their preflights are.

  --target URL          base URL of the API (a path prefix is kept)
  --origin ORIGIN       the frontend's origin, e.g. https://shop.example
  --openapi FILE|URL    the OpenAPI 3 document (JSON or YAML) when it is not at
                        <target>/openapi.json; the operations are called on --target
  --route "M /path"     a route to audit, with an optional query and an optional JSON body
                        after the path: 'POST /api/login {"username": "alice"}' (repeatable);
                        with a document, audited as well as its operations
  --param NAME=VALUE    a value for the document's path or query parameter NAME (repeatable);
                        it wins over the document's example, default or enum
  --unsafe              send the document's POST, PUT, PATCH and DELETE operations too, with
                        bodies from its examples or schemas (only against an API you may change)
  --header "N: v"       a header the frontend's script sends with every request, e.g.
                        Authorization (repeatable; it counts for the preflight); never printed
  --format text|json    a terminal table (default) or JSON
  --report-dir DIR      also write audit.json, audit.html and junit.xml into DIR
  --write-feature FILE  write a starter feature pinning today's picture, for --features
  --timeout MS          per-request timeout in milliseconds (default ${DEFAULT_AUDIT_OPTIONS.timeoutMs})
  --insecure            accept the API's TLS certificate even if it is self-signed or invalid
  --browser             require Chromium's opinion (fail when it is missing)
  --browsers LIST       ask each of these engines for its opinion: chromium, firefox (each
                        required; a disagreement with the Fetch model is reported per engine)
  --no-browser          judge by the Fetch model alone
  --chromium-path PATH  the Chromium (or Chrome) that gives its opinion (default $CHROMIUM_PATH,
                        else Debian's chromium-headless-shell or chromium); a PATH that is not
                        there is a usage error
  --firefox-path PATH   the Firefox for --browsers firefox (default $FIREFOX_PATH, else
                        Debian's firefox-esr)

Exit status: 0 no MUST finding, 1 a MUST finding, 2 usage error or the API could not be judged.
`;

/** "GET /api/items?page=1", optionally followed by a JSON body. */
export function parseRoute(text: string): AuditRoute {
  const match = /^(\S+) (\S+)(?: (.+))?$/s.exec(text.trim());
  try {
    if (match === null) throw new EndpointError(`"${text}" is not a route: write the method and the path, such as "GET /api/items?page=1"`);
    const endpoint = parseEndpoint(`${match[1]} ${match[2]}`);
    const body = match[3];
    if (body !== undefined) {
      try {
        JSON.parse(body);
      } catch (error) {
        throw new EndpointError(`"${text}": the body after the path must be JSON (${(error as Error).message})`);
      }
    }
    return body === undefined ? endpoint : { ...endpoint, body };
  } catch (error) {
    if (error instanceof EndpointError) throw new UsageError(`--route ${error.message}`);
    throw error;
  }
}

/** --param NAME=VALUE, repeatable; a name given twice keeps its last value, as a later flag overrides an earlier one. */
export function parseParams(texts: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const text of texts) {
    const equals = text.indexOf('=');
    if (equals <= 0) throw new UsageError(`--param must look like NAME=VALUE, such as --param item_id=5 (got "${text}")`);
    params[text.slice(0, equals)] = text.slice(equals + 1);
  }
  return params;
}

export function parseAuditCommand(argv: readonly string[]): { kind: 'help' } | { kind: 'audit'; options: AuditOptions } {
  const { values } = parseFlags(argv, AUDIT_FLAGS, false);
  if (values.help) return { kind: 'help' };
  if (values.target === undefined) throw new UsageError('audit needs --target URL, the API to audit');
  if (values.origin === undefined) throw new UsageError('audit needs --origin ORIGIN, the origin of the frontend whose view to show');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format is text or json, got "${values.format}"`);
  if (values.openapi === '') throw new UsageError('--openapi needs a file or an http(s) URL');
  // With --route and no --openapi no document is read: there is nothing for --param or --unsafe to act on.
  const readsDocument = values.openapi !== undefined || values.route.length === 0;
  if (!readsDocument && values.param.length > 0) throw new UsageError('--param fills in the parameters of the document\'s operations; with --route alone, write the values in the route\'s path (or add --openapi)');
  if (!readsDocument && values.unsafe) throw new UsageError('--unsafe sends the document\'s POST, PUT, PATCH and DELETE operations; a --route is sent as given, whatever its method (add --openapi to audit the document too)');
  return {
    kind: 'audit',
    options: {
      ...DEFAULT_AUDIT_OPTIONS,
      ...sharedOptions(values),
      target: parseTarget(values.target),
      origin: parseOrigin(values.origin),
      routes: values.route.map(parseRoute),
      ...(values.openapi === undefined ? {} : { openapi: values.openapi }),
      params: parseParams(values.param),
      unsafe: values.unsafe,
      format: values.format,
      ...(values['report-dir'] === undefined ? {} : { reportDir: values['report-dir'] }),
      writeFeature: values['write-feature'],
    },
  };
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
