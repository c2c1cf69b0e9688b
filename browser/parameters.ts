/**
 * The parameters the runner hands every scenario (cucumber's worldParameters):
 * where the requests go and how, and which browser engine judges the
 * @browser scenarios. The runner builds them; the World reads them.
 */
import { DEFAULTS } from '../http/defaults';
import type { HeaderList } from '../http/header-list';
import type { Engine, EnginePaths } from './engines';

export interface ConformanceParameters {
  /** Base URL of the server under test; absent means the bundled reference server. */
  readonly target?: string;
  /** The browser origin the target grants. */
  readonly origin: string;
  /** An origin the target must refuse. */
  readonly otherOrigin: string;
  readonly timeoutMs: number;
  /** Sent with every request; values never printed. */
  readonly headers: HeaderList;
  /** @browser scenarios: run when Chromium is there (auto), always (on: missing Chromium fails them), or never (off). */
  readonly browser: 'auto' | 'on' | 'off';
  /** The engine this run's @browser steps use (a run per engine; Chromium by default). */
  readonly engine?: Engine;
  /** Where this run's engines are (--chromium-path, --firefox-path); an engine left out is looked for in the environment, then in Debian's place. */
  readonly enginePaths?: EnginePaths;
  /** The id of the run's scope (browser/run-scope.ts): its timeout breaker, what it reads once. Absent when cucumber-js runs by itself. */
  readonly run?: string;
  /** Accept any TLS certificate (--insecure). */
  readonly insecure?: boolean;
  /** Leave the browsers open when cucumber's run ends: the runner, which holds them for the run (browser/pool.ts), lets go of them itself. */
  readonly keepBrowser?: boolean;
  /** The OpenAPI document the sentences about it read (--openapi): a file, relative to the current directory, or an http(s) URL; absent means the target's /openapi.json. */
  readonly openapi?: string;
  /** The script sentences' fetch() credentials mode (--credentials): include (cookies) unless said; a sentence "without credentials" omits them whatever this says. */
  readonly credentials?: 'include' | 'omit';
}

export const DEFAULT_PARAMETERS: ConformanceParameters = {
  origin: DEFAULTS.origin,
  otherOrigin: DEFAULTS.otherOrigin,
  timeoutMs: DEFAULTS.timeoutMs,
  headers: [],
  browser: 'auto',
};

