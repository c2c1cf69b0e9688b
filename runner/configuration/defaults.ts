/**
 * The defaults of a run and of an audit, in one place (as cucumber-js's
 * DEFAULT_CONFIGURATION): what the API's options and the command line's
 * flags leave out takes its value from here, and the usage and the guides
 * show it from here. The HTTP defaults come from http/defaults.ts.
 */
import { DEFAULTS } from '../../http/defaults';
import { DEFAULT_MAX_BODY_BYTES } from '../../http/observed';
import type { AuditOptions, ObserveOptions, RunOptions } from './types';

/** Every run option that has a default, as the command line has it with no flags. */
export const DEFAULT_RUN_OPTIONS: RunOptions = {
  target: undefined,
  origin: DEFAULTS.origin,
  strict: false,
  timeoutMs: DEFAULTS.timeoutMs,
  headers: [],
  reportDir: 'reports',
  retries: 0,
  waitMs: 0,
  browser: 'auto',
  browsers: ['chromium'],
  insecure: false,
  parallel: 1,
  features: [],
  withContract: false,
};

/** The audit's defaults; target and origin have none. Without routes, the audit reads the API's document. */
export const DEFAULT_AUDIT_OPTIONS: Omit<AuditOptions, 'target' | 'origin'> = {
  routes: [],
  headers: [],
  params: {},
  unsafe: false,
  format: 'text',
  timeoutMs: DEFAULTS.timeoutMs,
  insecure: false,
  browser: 'auto',
  browsers: ['chromium'],
};

/** `observe`'s defaults; the target has none. It listens on loopback only, and waits for the target as a gateway would. */
export const DEFAULT_OBSERVE_OPTIONS: Omit<ObserveOptions, 'target'> = {
  listenHost: '127.0.0.1',
  listenPort: 0,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  timeoutMs: 30_000,
  reportDir: 'reports',
  insecure: false,
};
