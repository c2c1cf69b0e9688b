/**
 * The option schema: every option of a run and of an audit, declared once
 * (as cucumber-js's src/configuration/): the typed option the API takes, the
 * commands that take it, how a value is checked; and its flags, each with
 * what it takes, how its text is read, its --help text and its row in the
 * guides. The command line's parser (cli/options.ts), the usage texts and
 * the guides' flag tables (cli/usage.ts) and the checks of the API's options
 * (load.ts) are all made from this list; its order is the usage's.
 *
 * The defaults are defaults.ts's, shown here where a text names them.
 */
import { DEFAULT_AUDIT_OPTIONS, DEFAULT_OBSERVE_OPTIONS, DEFAULT_RUN_OPTIONS } from './defaults';
import type { AuditGiven, ObserveGiven, RunGiven } from './types';
import {
  checkBrowserMode,
  checkParams,
  checkWaitMs,
  list,
  onOff,
  parseEnginePath,
  parseEngines,
  parseFormat,
  parseHeader,
  parseOpenapi,
  parseOrigin,
  parseParams,
  parseCredentials,
  parseSignInRoute,
  secret,
  parseRoute,
  parseTarget,
  parseTimeout,
  parseWait,
  parseListen,
  parseMaxBody,
  text,
  texts,
  wholeNumber,
} from './values';

export type Command = 'run' | 'audit' | 'observe';

/** Every typed option, of a run or of an audit, as given. */
export type Given = RunGiven & AuditGiven & ObserveGiven;
export type OptionKey = keyof Given;

export interface FlagSpec {
  /** The flag without its dashes: "timeout". */
  readonly name: string;
  /** What it takes, as the usage writes it ("MS", '"N: v"'); a switch takes nothing. */
  readonly arg?: string;
  /** Given more than once, each adds to the list. */
  readonly repeatable?: boolean;
  /** The --help text, per command. */
  readonly help: Readonly<Partial<Record<Command, string>>>;
  /** The guides' flag tables (cli/usage.ts): the meaning in Markdown, per command, when it says more than the help; the default shown in the suite's table. */
  readonly doc?: Readonly<Partial<Record<Command, string>>> & { readonly default?: string };
  /**
   * A flag with an argument: its text (each text, when repeatable) read into
   * the option's value, when the option's check does not take the text as
   * it is (routes and headers as lists, --wait in seconds). Left out, the
   * text goes to the configuration, whose check reads it.
   */
  readonly read?: (text: never) => unknown;
  /** A switch: the option's value when it is given. */
  readonly value?: unknown;
  /** The environment variable read when the flag is not given (the command line's only; a secret is better there than in a shell's history). */
  readonly env?: string;
}

export interface OptionSpec {
  /** The typed option, as the API names it; none for the command line's own --list and --help. */
  readonly key?: OptionKey;
  readonly commands: readonly Command[];
  /** Checks a value as the API gives it, with the flag's message; returns it as the configuration holds it. */
  readonly check?: (value: never) => unknown;
  readonly flags: readonly FlagSpec[];
}

const BOTH = ['run', 'audit'] as const satisfies readonly Command[];
const RUN = ['run'] as const satisfies readonly Command[];
const AUDIT = ['audit'] as const satisfies readonly Command[];
const ALL = ['run', 'audit', 'observe'] as const satisfies readonly Command[];
const AUDIT_OBSERVE = ['audit', 'observe'] as const satisfies readonly Command[];
const OBSERVE = ['observe'] as const satisfies readonly Command[];

/** A help text that reads the same for both commands. */
const same = (help: string) => ({ run: help, audit: help });

/** One option, typed by its key: its check takes what the API may give and returns what the configuration holds. */
function option<K extends OptionKey>(spec: { key: K; commands: readonly Command[]; check: (value: NonNullable<Given[K]>) => unknown; flags: readonly FlagSpec[] }): OptionSpec {
  return spec as OptionSpec;
}

export const OPTIONS: readonly OptionSpec[] = [
  option({
    key: 'target',
    commands: ALL,
    check: parseTarget,
    flags: [
      {
        name: 'target',
        arg: 'URL',
        help: { run: 'base URL of the server under test (a path prefix is kept)', audit: 'base URL of the API (a path prefix is kept)', observe: 'the API to forward to, and only to (with --har: the API whose exchanges in the HAR are judged)' },
        doc: {
          run: 'base URL of the server under test; a path prefix is kept (`http://host/api` checks `/api/headers/`); userinfo is sent as Basic credentials and never printed',
          audit: 'the API; a path prefix is kept, and userinfo is sent as Basic credentials and never printed',
          observe: 'the API the proxy forwards every request to, and to nothing else; with `--har`, the API whose entries are judged (the others are left out)',
          default: 'the bundled reference server',
        },
      },
    ],
  }),
  option({
    key: 'origin',
    commands: ALL,
    check: parseOrigin,
    flags: [
      {
        name: 'origin',
        arg: 'ORIGIN',
        help: {
          run: `the browser origin the server grants (default ${DEFAULT_RUN_OPTIONS.origin})`,
          audit: "the frontend's origin, e.g. https://shop.example",
          observe: "the frontend's origin, for requests that carry no Origin and come from no browser (a test's own HTTP client); a browser's request is judged for its own Origin",
        },
        doc: {
          run: 'the browser origin your server grants CORS to',
          audit: "the frontend's origin",
          observe: "the frontend's origin, for the requests that carry no `Origin` and no `Sec-Fetch-Mode` (a test's own HTTP client, not a browser); a browser's request is judged for its own `Origin`, and a same-origin one is not judged for CORS",
          default: `\`${DEFAULT_RUN_OPTIONS.origin}\`` },
      },
    ],
  }),
  option({
    key: 'openapi',
    commands: ALL,
    check: parseOpenapi,
    flags: [
      {
        name: 'openapi',
        arg: 'FILE|URL',
        help: {
          run: "the OpenAPI document (JSON or YAML, a file or an http(s) URL) that the sentences about it read (default <target>/openapi.json, FastAPI's); read once, and only when a feature uses them",
          audit: 'the OpenAPI 3 document (JSON or YAML) when it is not at <target>/openapi.json; the operations are called on --target',
          observe: "the OpenAPI 3 document (a file or an http(s) URL) whose promises every exchange is judged by, POST, PUT, PATCH and DELETE included; none is read without it",
        },
        doc: {
          run: "the OpenAPI document (JSON or YAML, a file or an http(s) URL) that [the sentences about it](STEPS.md) read; read once, and only when a feature uses them; one that cannot be read makes the scenarios that ask for it errors of the run (exit 2), never failures of the server",
          audit: 'the OpenAPI 3 document (JSON or YAML), when it is not at `<target>/openapi.json`; read with no `--route` by default',
          observe: "the OpenAPI 3 document (a file or an http(s) URL, FastAPI's is `<target>/openapi.json`) whose promises every exchange is judged by, whatever its method; exchanges are grouped by its operations. None is read without it: exchanges are grouped by route",
          default: "`<target>/openapi.json`, FastAPI's",
        },
      },
    ],
  }),
  option({
    key: 'routes',
    commands: AUDIT,
    check: (routes) => list('--route', '"METHOD /path"', routes).map(parseRoute),
    flags: [
      {
        name: 'route',
        arg: '"M /path"',
        repeatable: true,
        read: (texts: string[]) => texts.map(parseRoute),
        help: {
          audit:
            'a route to audit, with an optional query and an optional JSON body after the path: \'POST /api/login {"username": "alice"}\' (repeatable); with a document, audited as well as its operations',
        },
        doc: { audit: "a route, with an optional query and an optional JSON body after the path (repeatable); with `--openapi`, audited as well as the document's operations" },
      },
    ],
  }),
  option({
    key: 'params',
    commands: AUDIT,
    check: checkParams,
    flags: [
      {
        name: 'param',
        arg: 'NAME=VALUE',
        repeatable: true,
        read: parseParams,
        help: {
          audit:
            'a value for the document\'s path or query parameter NAME (repeatable); it wins over the document\'s example, default or enum and over the values the API\'s answers supply. "GET /api/items/{item_id}:item_id=5" gives it to that operation only, and wins over item_id=5',
        },
        doc: { audit: "a value for the document's path or query parameter NAME (repeatable); it wins over the document's examples and the API's answers. `\"GET /api/items/{item_id}:item_id=5\"` gives it to that one operation (method and path template as written), and wins over `item_id=5`" },
      },
    ],
  }),
  option({
    key: 'unsafe',
    commands: AUDIT,
    check: onOff('--unsafe'),
    flags: [
      {
        name: 'unsafe',
        value: true,
        help: { audit: "send the document's POST, PUT, PATCH and DELETE operations too, with bodies from its examples or schemas (only against an API you may change)" },
        doc: { audit: "send the document's `POST`, `PUT`, `PATCH` and `DELETE` operations too, with bodies from its examples or schemas; only against an API you may change" },
      },
    ],
  }),
  option({
    key: 'tags',
    commands: RUN,
    check: text('--tags', 'EXPR'),
    flags: [
      {
        name: 'tags',
        arg: 'EXPR',
        help: { run: 'run only scenarios matching a cucumber tag expression, e.g. "@MUST and not @id:cors-3"' },
        doc: { run: 'run only the matching scenarios ([cucumber tag expression](https://github.com/cucumber/tag-expressions)), e.g. `"@MUST"`, `"not @id:cors-3"`', default: 'all' },
      },
    ],
  }),
  option({
    key: 'strict',
    commands: RUN,
    check: onOff('--strict'),
    flags: [{ name: 'strict', value: true, help: { run: 'SHOULD failures fail the run too' }, doc: { default: 'off' } }],
  }),
  option({
    key: 'timeoutMs',
    commands: ALL,
    check: parseTimeout,
    flags: [
      {
        name: 'timeout',
        arg: 'MS',
        help: {
          run: `per-request timeout in milliseconds (default ${DEFAULT_RUN_OPTIONS.timeoutMs})`,
          audit: `per-request timeout in milliseconds (default ${DEFAULT_AUDIT_OPTIONS.timeoutMs})`,
          observe: `how long the target may take to answer before the client gets 504, in milliseconds (default ${DEFAULT_OBSERVE_OPTIONS.timeoutMs})`,
        },
        doc: {
          run: 'per-request timeout',
          audit: 'as for [a suite run](own-api.md#the-command-line); the same client, timeouts and breaker',
          observe: `how long the target may take to begin its answer (its status and header fields) before the client gets \`504 Gateway Timeout\` and the report a note; default \`${DEFAULT_OBSERVE_OPTIONS.timeoutMs}\``,
          default: `\`${DEFAULT_RUN_OPTIONS.timeoutMs}\`` },
      },
    ],
  }),
  option({
    key: 'headers',
    commands: BOTH,
    check: (headers) => list('--header', '"Name: value"', headers).map(parseHeader),
    flags: [
      {
        name: 'header',
        arg: '"N: v"',
        repeatable: true,
        read: (texts: string[]) => texts.map(parseHeader),
        help: {
          run: 'send this header with every request (repeatable); values are never printed',
          audit: "a header the frontend's script sends with every request, e.g. Authorization (repeatable; it counts for the preflight); never printed",
        },
        doc: {
          run: 'sent with every request (repeatable), e.g. an API key; values are never printed',
          audit: "a header the frontend's script sends with every request, such as `Authorization` (repeatable). It counts for the preflight, and its value is never printed.",
          default: 'none',
        },
      },
    ],
  }),
  option({
    key: 'credentials',
    commands: ALL,
    check: parseCredentials,
    flags: [
      {
        name: 'credentials',
        arg: 'include|omit',
        help: {
          run: "the frontend's fetch() credentials mode in the script sentences: include (cookies, the default) or omit (a frontend that signs in with a token)",
          audit: "the frontend's fetch() credentials mode: include (cookies) or omit (a token in a header); default: what the document's security schemes imply",
          observe: "how the frontend's fetch() sends credentials when a request carries no Cookie to tell: include or omit (default: fetch()'s own, none across origins); a request with a Cookie is judged as include",
        },
        doc: {
          run: "the credentials mode of the script sentences' `fetch()`: `include` (cookies) or `omit` (a frontend that sends a token in a header); a scenario's own sentence wins",
          observe: "the credentials mode of the frontend's `fetch()` for a request that carries no `Cookie` to tell (its sign-in, say): `include` or `omit`; left out, `fetch()`'s own default (no credentials across origins). A request that carries a `Cookie` is judged as `include`",
          audit: "the credentials mode of the frontend's `fetch()`: `include` (it sends cookies) or `omit` (it sends a token itself). Left out, it follows the document's `securitySchemes` as the operations use them: a cookie `apiKey` means include; http bearer or basic, OAuth2, OpenID Connect or a header or query key mean omit; none means include. Findings that hold only for credentials (`*` with credentials) follow it",
          default: '`include`; the audit: from the document',
        },
      },
    ],
  }),
  option({
    key: 'token',
    commands: AUDIT,
    check: secret('--token', 'a token'),
    flags: [
      {
        name: 'token',
        arg: 'TOKEN',
        env: 'RESPONSE_CONFORMANCE_TOKEN',
        help: { audit: "a token, sent where the document's scheme says: Authorization: Bearer for http bearer and OAuth2, the API key's header, query or cookie (or $RESPONSE_CONFORMANCE_TOKEN); never printed" },
        doc: { audit: "a token, sent where the document's scheme says: `Authorization: Bearer` for http bearer and OAuth2, the key's header, query parameter or cookie for an `apiKey`; or `$RESPONSE_CONFORMANCE_TOKEN`. Never printed" },
      },
    ],
  }),
  option({
    key: 'loginUser',
    commands: AUDIT,
    check: secret('--login-user', 'a username'),
    flags: [
      {
        name: 'login-user',
        arg: 'NAME',
        env: 'RESPONSE_CONFORMANCE_LOGIN_USER',
        help: { audit: "with --login-password: sign in by the document's OAuth2 password flow, a form sent to its tokenUrl (or $RESPONSE_CONFORMANCE_LOGIN_USER)" },
        doc: { audit: "with `--login-password`: sign in by the document's OAuth2 password flow (the form `grant_type=password&username=…&password=…` sent to its `tokenUrl`), then send the `access_token` as `Authorization: Bearer`; or `$RESPONSE_CONFORMANCE_LOGIN_USER`" },
      },
    ],
  }),
  option({
    key: 'loginPassword',
    commands: AUDIT,
    check: secret('--login-password', 'a password'),
    flags: [
      {
        name: 'login-password',
        arg: 'PASSWORD',
        env: 'RESPONSE_CONFORMANCE_LOGIN_PASSWORD',
        help: { audit: 'the password for --login-user (or $RESPONSE_CONFORMANCE_LOGIN_PASSWORD, better: it stays out of the shell history); never printed' },
        doc: { audit: "the password for `--login-user`, or `$RESPONSE_CONFORMANCE_LOGIN_PASSWORD` (it stays out of the shell's history); never printed" },
      },
    ],
  }),
  option({
    key: 'login',
    commands: AUDIT,
    check: parseSignInRoute('--login'),
    flags: [
      {
        name: 'login',
        arg: '"M /path"',
        help: { audit: 'a cookie sign-in to send first, such as "POST /api/session", with --login-body; the cookies it sets are sent back as a browser on the origin would' },
        doc: { audit: 'a cookie sign-in sent before anything else, such as `"POST /api/session"`, with `--login-body`; the cookies its answer sets are sent back as a browser on the origin would send them' },
      },
    ],
  }),
  option({
    key: 'loginBody',
    commands: AUDIT,
    check: secret('--login-body', 'a body'),
    flags: [
      {
        name: 'login-body',
        arg: 'BODY',
        help: { audit: "the body of --login: JSON, or a form (a=1&b=2) when the document's operation takes application/x-www-form-urlencoded; never printed" },
        doc: { audit: "the body of `--login`: JSON, or a form (`username=alice&password=…`) when the document's operation takes `application/x-www-form-urlencoded`; never printed" },
      },
    ],
  }),
  option({
    key: 'logout',
    commands: AUDIT,
    check: parseSignInRoute('--logout'),
    flags: [
      {
        name: 'logout',
        arg: '"M /path"',
        help: { audit: "the logout sent last, after the audit's own sign-in (default: the document's operation whose path says logout or signout)" },
        doc: { audit: "the logout sent last, and only after the audit's own sign-in (it ends the session the audit opened); left out, the document's operation whose path says `logout`, `signout`, `log-out` or `sign-out`" },
      },
    ],
  }),
  option({
    key: 'format',
    commands: AUDIT,
    check: parseFormat,
    flags: [{ name: 'format', arg: 'text|json', help: { audit: `a terminal table (default) or JSON` }, doc: { audit: `the table (default), or JSON (below)` } }],
  }),
  option({
    key: 'listen',
    commands: OBSERVE,
    check: parseListen,
    flags: [
      {
        name: 'listen',
        arg: '[HOST:]PORT',
        help: { observe: `where the proxy listens, the address the frontend calls instead of the API (default ${DEFAULT_OBSERVE_OPTIONS.listenHost}, a free port); loopback unless a HOST says otherwise` },
        doc: { observe: `where the proxy listens: the address the frontend (or its tests) calls instead of the API's. \`${DEFAULT_OBSERVE_OPTIONS.listenHost}\` unless a HOST says otherwise; port 0, the default, picks a free one (printed, and given to the command as \`OBSERVE_URL\`)` },
      },
    ],
  }),
  option({
    key: 'har',
    commands: OBSERVE,
    check: text('--har', 'FILE'),
    flags: [
      {
        name: 'har',
        arg: 'FILE',
        help: { observe: "judge a HAR recorded elsewhere (a browser's, Playwright's) instead of proxying, and say what it leaves out" },
        doc: { observe: "judge a HAR 1.2 file recorded elsewhere (Chromium's or Firefox's DevTools, Playwright's `recordHar`) instead of proxying; only its entries for `--target` are judged, and what browsers' HARs leave out is said" },
      },
    ],
  }),
  option({
    key: 'maxBodyBytes',
    commands: OBSERVE,
    check: parseMaxBody,
    flags: [
      {
        name: 'max-body',
        arg: 'BYTES',
        help: { observe: `how much of each body is kept to judge (default ${DEFAULT_OBSERVE_OPTIONS.maxBodyBytes}, 1 MiB); the whole body always streams through` },
        doc: { observe: `how much of each body is kept to judge, in bytes; the whole body always streams through, and a body cut short is judged on its head alone (a note says so); default \`${DEFAULT_OBSERVE_OPTIONS.maxBodyBytes}\` (1 MiB)` },
      },
    ],
  }),
  option({
    key: 'reportDir',
    commands: ALL,
    check: text('--report-dir', 'DIR'),
    flags: [
      {
        name: 'report-dir',
        arg: 'DIR',
        help: {
          run: `where the reports go: summary.json, junit.xml, report.html, summary.md, messages.ndjson (default ${DEFAULT_RUN_OPTIONS.reportDir}/)`,
          audit: 'also write audit.json, audit.html and junit.xml into DIR',
          observe: `where observe.json, observe.html, junit.xml and traffic.har (secrets redacted) go (default ${DEFAULT_OBSERVE_OPTIONS.reportDir}/)`,
        },
        doc: {
          run: 'where the reports go (see [Reports](reports.md))',
          audit: 'also write `audit.json`, `audit.html` and `junit.xml` (a testsuite per operation, a testcase per rule; only a MUST finding is a failure) into DIR',
          observe: `where \`observe.json\`, \`observe.html\`, \`junit.xml\` and \`traffic.har\` (every secret redacted) go; default \`${DEFAULT_OBSERVE_OPTIONS.reportDir}/\``,
          default: `\`${DEFAULT_RUN_OPTIONS.reportDir}/\``,
        },
      },
    ],
  }),
  option({
    key: 'writeFeature',
    commands: AUDIT_OBSERVE,
    check: text('--write-feature', 'FILE'),
    flags: [
      {
        name: 'write-feature',
        arg: 'FILE',
        help: { audit: "write a starter feature pinning today's picture, for --features", observe: 'write a feature of what was observed, POST included, runnable with --features against the same server' },
        doc: { audit: "write a starter feature that pins today's picture (below)", observe: 'write a feature of what was observed, POST included, in the suite\'s sentences: runnable with `--features` against the same server (below)' },
      },
    ],
  }),
  option({
    key: 'expect',
    commands: RUN,
    check: text('--expect', 'FILE'),
    flags: [
      {
        name: 'expect',
        arg: 'FILE',
        help: { run: 'a baseline of scenario ids known to fail, each with a reason; listed failures do not fail the run, listed scenarios that pass do' },
        doc: { run: 'a baseline of scenarios known to fail (see [Baselines](ci.md#baselines))', default: 'none' },
      },
    ],
  }),
  option({
    key: 'writeExpectations',
    commands: RUN,
    check: text('--write-expectations', 'FILE'),
    flags: [
      {
        name: 'write-expectations',
        arg: 'FILE',
        help: { run: "write this run's failures as a baseline to FILE" },
        doc: { run: "write this run's failures as a baseline" },
      },
    ],
  }),
  option({
    key: 'retries',
    commands: RUN,
    check: (n) => wholeNumber('--retries', n, 0, 10),
    flags: [
      {
        name: 'retries',
        arg: 'N',
        help: { run: 'run a failing scenario up to N more times; one that then passes is "flaky"' },
        doc: { run: 'run a failing scenario up to N more times; one that then passes is reported as `flaky`', default: `\`${DEFAULT_RUN_OPTIONS.retries}\`` },
      },
    ],
  }),
  option({
    key: 'waitMs',
    commands: RUN,
    check: checkWaitMs,
    flags: [
      {
        name: 'wait',
        arg: 'SECONDS',
        read: parseWait,
        help: { run: `wait up to SECONDS for the target to answer before running (default ${DEFAULT_RUN_OPTIONS.waitMs / 1000})` },
        doc: { run: 'wait up to SECONDS for the target to answer before running', default: `\`${DEFAULT_RUN_OPTIONS.waitMs / 1000}\`` },
      },
    ],
  }),
  option({
    key: 'browser',
    commands: BOTH,
    check: checkBrowserMode,
    flags: [
      {
        name: 'browser',
        value: 'on',
        help: { run: 'run the @browser scenarios in headless Chromium; if it is missing, they are errors of the run (exit 2)', audit: "require Chromium's opinion (fail when it is missing)" },
        doc: { run: 'force the `@browser` scenarios on: a missing Chromium then makes them errors of the run (exit 2)', audit: "require Chromium's opinion", default: 'on when Chromium is installed' },
      },
      {
        name: 'no-browser',
        value: 'off',
        help: { run: 'skip the @browser scenarios (by default they run when Chromium is installed)', audit: 'judge by the Fetch model alone' },
        doc: { run: 'skip the `@browser` scenarios', audit: "do without the browsers' opinion: judge by the Fetch model alone" },
      },
    ],
  }),
  option({
    key: 'browsers',
    commands: BOTH,
    check: parseEngines,
    flags: [
      {
        name: 'browsers',
        arg: 'LIST',
        help: {
          run: 'judge the @browser scenarios in each of these engines: chromium, firefox (comma-separated); a missing one makes its scenarios errors of the run. Other engines than Chromium report as "<id>@<engine>"; where engines disagree, the run says so',
          audit: 'ask each of these engines for its opinion: chromium, firefox (each required; a disagreement with the Fetch model is reported per engine)',
        },
        doc: {
          run: 'judge each `@browser` scenario in each engine of the comma-separated list: `chromium`, `firefox`. An engine asked for and missing makes its scenarios errors of the run (exit 2). Other engines than Chromium report as `browser-3@firefox`, in an area of their own, and where engines disagree the run says so',
          audit: 'ask each engine of the comma-separated list (`chromium`, `firefox`) for its opinion, and require it: every route is fetched by a script in each, and a disagreement with the Fetch model is reported per engine (`Firefox disagrees: readable in Firefox only: x-a`)',
          default: `\`${DEFAULT_RUN_OPTIONS.browsers.join(',')}\``,
        },
      },
    ],
  }),
  option({
    key: 'chromiumPath',
    commands: BOTH,
    check: (p) => parseEnginePath('chromium', p),
    flags: [
      {
        name: 'chromium-path',
        arg: 'PATH',
        help: {
          run: "the Chromium (or Chrome) for the @browser scenarios (default $CHROMIUM_PATH, else Debian's chromium-headless-shell or chromium); a PATH that is not there is a usage error",
          audit: "the Chromium (or Chrome) that gives its opinion (default $CHROMIUM_PATH, else Debian's chromium-headless-shell or chromium); a PATH that is not there is a usage error",
        },
        doc: {
          run: 'the Chromium (or Google Chrome) that judges the `@browser` scenarios; a path that is not there is a usage error (exit 2)',
          audit: "the Chromium (or Google Chrome) that gives its opinion; default `$CHROMIUM_PATH`, else Debian's; a path that is not there is a usage error (exit 2)",
          default: "`$CHROMIUM_PATH`, else Debian's `chromium-headless-shell`, then `chromium`",
        },
      },
    ],
  }),
  option({
    key: 'firefoxPath',
    commands: BOTH,
    check: (p) => parseEnginePath('firefox', p),
    flags: [
      {
        name: 'firefox-path',
        arg: 'PATH',
        help: same("the Firefox for --browsers firefox (default $FIREFOX_PATH, else Debian's firefox-esr)"),
        doc: { run: 'the Firefox for `--browsers firefox`', audit: "the Firefox for `--browsers firefox`; default `$FIREFOX_PATH`, else Debian's `firefox-esr`", default: "`$FIREFOX_PATH`, else Debian's `firefox-esr`" },
      },
    ],
  }),
  option({
    key: 'insecure',
    commands: ALL,
    check: onOff('--insecure'),
    flags: [
      {
        name: 'insecure',
        value: true,
        help: { run: "accept the target's TLS certificate even if it is self-signed or invalid", audit: "accept the API's TLS certificate even if it is self-signed or invalid", observe: "accept the API's TLS certificate even if it is self-signed or invalid" },
        doc: { audit: 'as for [a suite run](own-api.md#the-command-line)', default: 'off' },
      },
    ],
  }),
  option({
    key: 'parallel',
    commands: RUN,
    check: (n) => wholeNumber('--parallel', n, 1, 16),
    flags: [
      {
        name: 'parallel',
        arg: 'N',
        help: { run: `run N shards of the suite at once, in this process (default ${DEFAULT_RUN_OPTIONS.parallel}); worth it for a remote target, where each request waits on the network` },
        doc: { run: 'run N shards of the suite at once, in this process (see [Performance](performance.md))', default: `\`${DEFAULT_RUN_OPTIONS.parallel}\`` },
      },
    ],
  }),
  option({
    key: 'features',
    commands: RUN,
    check: texts('--features', 'PATH'),
    flags: [
      {
        name: 'features',
        arg: 'PATH',
        repeatable: true,
        help: { run: "run your own .feature files instead of the contract's: a file, a folder or a glob (repeatable); every flag above applies to them" },
        doc: { run: "run your own `.feature` files instead of the contract's: a file, a folder or a glob, repeatable", default: 'the contract' },
      },
    ],
  }),
  option({
    key: 'withContract',
    commands: RUN,
    check: onOff('--with-contract'),
    flags: [{ name: 'with-contract', value: true, help: { run: "with --features, run the contract's features too" }, doc: { run: "with `--features`, run the contract's scenarios too", default: 'off' } }],
  }),
  {
    commands: RUN,
    flags: [{ name: 'list', value: true, help: { run: "print every scenario's id, level and name; run nothing" } }],
  },
  {
    commands: ALL,
    flags: [{ name: 'help', value: true, help: { ...same('this text'), observe: 'this text' }, doc: { ...same('the usage'), observe: 'the usage' } }],
  },
];

/** The options a command takes, in the schema's order. */
export function optionsOf(command: Command): OptionSpec[] {
  return OPTIONS.filter((o) => o.commands.includes(command));
}

/** The flags a command takes, in the usage's order. */
export function flagsOf(command: Command): FlagSpec[] {
  return optionsOf(command).flatMap((o) => o.flags);
}

/** The typed options of a command, by key: what the API may give it. */
export function keysOf(command: Command): Set<OptionKey> {
  return new Set(optionsOf(command).flatMap((o) => (o.key === undefined ? [] : [o.key])));
}
