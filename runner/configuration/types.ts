/**
 * What a run and an audit are configured with, once loaded (load.ts): every
 * value checked, every default filled. The API's options and the command
 * line's flags both become one of these.
 */
import type { Engine } from '../../browser/engines';

/** A mistake on the command line or in the options: exit 2, with the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** How the @browser scenarios are judged: when an engine is there (auto), always (on: a missing one fails them), or never (off). */
export type BrowserMode = 'auto' | 'on' | 'off';

export interface RunOptions {
  /** Base URL of the server under test; undefined runs the bundled reference server. */
  readonly target?: string;
  readonly origin: string;
  readonly tags?: string;
  readonly strict: boolean;
  readonly timeoutMs: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly reportDir: string;
  /** A baseline of scenarios known to fail (see run/baseline.ts). */
  readonly expect?: string;
  /** Write today's failures as a baseline to this file. */
  readonly writeExpectations?: string;
  /** Run a failing scenario up to this many more times; one that then passes is flaky. */
  readonly retries: number;
  /** How long to wait for the target to answer before giving up, in milliseconds. */
  readonly waitMs: number;
  /** @browser scenarios: auto (when Chromium is there), on (--browser, or --browsers), off (--no-browser). */
  readonly browser: BrowserMode;
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
  /** Chromium's executable (--chromium-path); left out, CHROMIUM_PATH, then Debian's chromium-headless-shell or chromium. */
  readonly chromiumPath?: string;
  /** Firefox's executable (--firefox-path); left out, FIREFOX_PATH, then Debian's firefox-esr. */
  readonly firefoxPath?: string;
  /** The OpenAPI document the sentences about it read (--openapi): a file, relative to the current directory, or an http(s) URL; left out, the target's /openapi.json. Read only when a feature uses those sentences. */
  readonly openapi?: string;
  /** The credentials mode of the script sentences' fetch() (--credentials); left out, include (a run reads no document up front). */
  readonly credentials?: CredentialsMode;
}

/** A frontend's fetch() credentials mode (--credentials): with cookies (include) or without (omit). */
export type CredentialsMode = 'include' | 'omit';

/** A route as --route gives it: "GET /api/items?page=1", or with a JSON body: 'POST /api/login {"username": "alice"}'. */
export interface AuditRoute {
  readonly method: string;
  readonly path: string;
  /** A JSON body, sent with Content-Type: application/json (which needs a preflight). */
  readonly body?: string;
}

export interface AuditOptions {
  readonly target: string;
  readonly origin: string;
  /** The routes given by hand (--route); with a document they are audited as well as its operations. */
  readonly routes: readonly AuditRoute[];
  /**
   * The OpenAPI document (--openapi): a file, or an http(s) URL fetched with
   * the audit's client. Left out with no --route, the audit reads
   * <target>/openapi.json (FastAPI's default); left out with --route, no
   * document is read.
   */
  readonly openapi?: string;
  /**
   * Values for the document's path and query parameters (--param NAME=VALUE): the user's value wins over the document's.
   * A key "METHOD /path/{template}:NAME" applies to that operation only, and wins over NAME (runner/audit/values.ts paramsFor).
   */
  readonly params: Readonly<Record<string, string>>;
  /** Send the document's POST, PUT, PATCH and DELETE operations (--unsafe); without it only their preflights are sent. */
  readonly unsafe: boolean;
  /** Write audit.json, audit.html and junit.xml into this folder (--report-dir). */
  readonly reportDir?: string;
  /** Headers the frontend's script sends with every request (Authorization, say): they count for the preflight. */
  readonly headers: readonly (readonly [string, string])[];
  readonly format: 'text' | 'json';
  readonly writeFeature?: string;
  readonly timeoutMs: number;
  readonly insecure: boolean;
  /** The browsers' second opinion: when installed (auto), required (on: --browser, or --browsers) or not asked (off). */
  readonly browser: BrowserMode;
  /** The engines asked for their opinion (--browsers); Chromium when not given. */
  readonly browsers: readonly Engine[];
  /** Chromium's executable (--chromium-path); left out, CHROMIUM_PATH, then Debian's. */
  readonly chromiumPath?: string;
  /** Firefox's executable (--firefox-path), for --browsers firefox; left out, FIREFOX_PATH, then Debian's firefox-esr. */
  readonly firefoxPath?: string;
  /** The frontend's credentials mode (--credentials); left out, what the document's security schemes imply (openapi/security.ts), else include. */
  readonly credentials?: CredentialsMode;
  /** A token (--token, RESPONSE_CONFORMANCE_TOKEN), sent where the document's scheme says: a bearer token, or the API key's header, query or cookie. A secret. */
  readonly token?: string;
  /** The OAuth2 password flow's username and password (--login-user, --login-password, or their RESPONSE_CONFORMANCE_LOGIN_* variables); the password is a secret. */
  readonly loginUser?: string;
  readonly loginPassword?: string;
  /** A cookie sign-in the user names (--login "POST /api/session"), sent with loginBody; the cookies it sets are sent back as a browser would. */
  readonly login?: AuditRoute;
  /** The body of --login: JSON, or a form when the operation takes application/x-www-form-urlencoded. A secret. */
  readonly loginBody?: string;
  /** The logout sent last, after the audit's own sign-in (--logout); left out, one found by its path (logout, signout). */
  readonly logout?: AuditRoute;
}

/** What `observe` is configured with: a reverse proxy in front of the API that the frontend (or its tests) calls, or a HAR to judge instead. */
export interface ObserveOptions {
  /** The API the proxy forwards to, and only to. */
  readonly target: string;
  /** Where the proxy listens (--listen PORT or HOST:PORT): 127.0.0.1 unless told otherwise; port 0 picks a free one. Unused with --har. */
  readonly listenHost: string;
  readonly listenPort: number;
  /** The frontend's origin (--origin): whom a request with no Origin and from no browser (a test's own HTTP client) stands for. */
  readonly origin?: string;
  /** The OpenAPI document whose promises every exchange is judged by (--openapi); none is read without it. */
  readonly openapi?: string;
  /** How the frontend's fetch() sends credentials when a request carries no Cookie to tell (--credentials); left out, fetch()'s default (same-origin: none across origins). */
  readonly credentials?: CredentialsMode;
  /** A HAR recorded elsewhere, judged instead of proxying (--har). */
  readonly har?: string;
  /** How much of each body is kept to judge, in bytes (--max-body); the whole body always streams through. */
  readonly maxBodyBytes: number;
  /** How long the target may take to answer before the client gets 504 (--timeout). */
  readonly timeoutMs: number;
  readonly reportDir: string;
  /** Write a feature from what was observed (--write-feature). */
  readonly writeFeature?: string;
  readonly insecure: boolean;
}

/** `observe`'s options as given: --listen as written ("8001", "0.0.0.0:8001") or as host and port. */
export type ObserveGiven = Partial<Omit<ObserveOptions, 'listenHost' | 'listenPort'>> & { readonly listen?: string | number };

/** A header as the options give it: "Name: value", as --header writes it, or the name and the value. */
export type HeaderOption = string | readonly [string, string];

/**
 * A run's options as given, by the API or by the command line's flags once
 * read: any of them; what is left out takes its default (defaults.ts).
 */
export type RunGiven = Partial<Omit<RunOptions, 'headers'>> & { readonly headers?: readonly HeaderOption[] };

/** An audit's options as given: target and origin are required (load.ts says so as the command does); routes as --route writes them, or parsed. */
export type AuditGiven = Partial<Omit<AuditOptions, 'headers' | 'routes' | 'login' | 'logout'>> & {
  readonly headers?: readonly HeaderOption[];
  readonly routes?: readonly (string | AuditRoute)[];
  /** "POST /api/session", as --login writes it, or parsed. */
  readonly login?: string | AuditRoute;
  readonly logout?: string | AuditRoute;
};
