/**
 * The configuration of a run and of an audit, shared by the command line
 * and the API (as cucumber-js's src/configuration/): the option schema
 * (schema.ts), the defaults (defaults.ts), how each value is read and
 * checked (values.ts), and loading a configuration from the options given
 * (load.ts). It imports nothing of the runner's other rooms.
 */
export { UsageError, type AuditGiven, type AuditOptions, type AuditRoute, type BrowserMode, type CredentialsMode, type HeaderOption, type ObserveGiven, type ObserveOptions, type RunGiven, type RunOptions } from './types';
export { DEFAULT_AUDIT_OPTIONS, DEFAULT_OBSERVE_OPTIONS, DEFAULT_RUN_OPTIONS } from './defaults';
export { loadAuditConfiguration, loadObserveConfiguration, loadRunConfiguration } from './load';
export { OPTIONS, flagsOf, optionsOf, type Command, type FlagSpec, type OptionSpec } from './schema';
