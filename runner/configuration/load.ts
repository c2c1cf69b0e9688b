/**
 * The configuration of a run or of an audit from the options given (as
 * cucumber-js's loadConfiguration): every value checked by its option's
 * check in the schema, with the message the command line gives; the rules
 * between options; what is left out from defaults.ts. The API calls these
 * with its caller's options, the command line with its flags once read, so
 * both accept and refuse the same things.
 */
import { DEFAULT_AUDIT_OPTIONS, DEFAULT_OBSERVE_OPTIONS, DEFAULT_RUN_OPTIONS } from './defaults';
import { keysOf, optionsOf, type Command, type Given } from './schema';
import { UsageError, type AuditGiven, type AuditOptions, type BrowserMode, type ObserveGiven, type ObserveOptions, type RunGiven, type RunOptions } from './types';

const WHOSE: Readonly<Record<Command, string>> = { run: 'a run', audit: 'an audit', observe: 'observe' };

/** Each option given (one left undefined is left out), checked in the schema's order; an option the command does not take is refused. */
function checked(command: Command, given: object): Partial<Record<keyof Given, unknown>> {
  if (typeof given !== 'object' || given === null) throw new UsageError(`the options of ${WHOSE[command]} are an object`);
  const keys = keysOf(command);
  const values = given as Record<string, unknown>;
  const unknown = Object.keys(values).filter((key) => values[key] !== undefined && !keys.has(key as keyof Given));
  if (unknown.length > 0) throw new UsageError(`"${unknown[0]}" is not an option of ${WHOSE[command]}; its options are ${[...keys].join(', ')}`);
  const out: Partial<Record<keyof Given, unknown>> = {};
  for (const option of optionsOf(command)) {
    if (option.key === undefined || values[option.key] === undefined) continue;
    out[option.key] = option.check === undefined ? values[option.key] : (option.check as (value: unknown) => unknown)(values[option.key]);
  }
  return out;
}

/** --browsers names the engines and asks for them, as --browser does; it cannot be had with --no-browser. */
function browserMode(browser: BrowserMode | undefined, browsers: unknown, fallback: BrowserMode): BrowserMode {
  if (browsers !== undefined && browser === 'off') throw new UsageError('--browsers and --no-browser contradict each other');
  return browser ?? (browsers !== undefined ? 'on' : fallback);
}

/** A run's configuration: the options given, checked, and the defaults for the rest. Throws a UsageError, with the command line's message, for a value the command line refuses. */
export function loadRunConfiguration(given: RunGiven = {}): RunOptions {
  const options = checked('run', given) as Partial<RunOptions>;
  if (options.withContract && (options.features ?? []).length === 0) throw new UsageError("--with-contract adds the contract's features to --features PATH; without --features the contract runs anyway");
  return { ...DEFAULT_RUN_OPTIONS, ...options, browser: browserMode(options.browser, options.browsers, DEFAULT_RUN_OPTIONS.browser) };
}

/** An audit's configuration: target and origin are required; without routes (or with openapi) the API's document is read. */
export function loadAuditConfiguration(given: AuditGiven): AuditOptions {
  const options = checked('audit', given) as Partial<AuditOptions>;
  if (options.target === undefined) throw new UsageError('audit needs --target URL, the API to audit');
  if (options.origin === undefined) throw new UsageError('audit needs --origin ORIGIN, the origin of the frontend whose view to show');
  // With routes and no document named, no document is read: there is nothing for params or unsafe to act on.
  const readsDocument = options.openapi !== undefined || (options.routes ?? []).length === 0;
  if (!readsDocument && Object.keys(options.params ?? {}).length > 0) throw new UsageError("--param fills in the parameters of the document's operations; with --route alone, write the values in the route's path (or add --openapi)");
  if ((options.loginUser === undefined) !== (options.loginPassword === undefined)) throw new UsageError('--login-user and --login-password go together: the OAuth2 password flow sends both');
  if (options.loginBody !== undefined && options.login === undefined) throw new UsageError('--login-body is the body of --login "METHOD /path": name the sign-in operation too');
  if (!readsDocument && options.token !== undefined) throw new UsageError('--token is sent where the document\'s security scheme says; with --route alone there is none: add --openapi, or send it with --header "Authorization: Bearer …"');
  if (!readsDocument && options.unsafe) throw new UsageError("--unsafe sends the document's POST, PUT, PATCH and DELETE operations; a --route is sent as given, whatever its method (add --openapi to audit the document too)");
  return { ...DEFAULT_AUDIT_OPTIONS, ...options, target: options.target, origin: options.origin, browser: browserMode(options.browser, options.browsers, DEFAULT_AUDIT_OPTIONS.browser) };
}

/** observe's configuration: the target is required; --listen read into a host and a port (loopback unless named). */
export function loadObserveConfiguration(given: ObserveGiven): ObserveOptions {
  const options = checked('observe', given) as Partial<ObserveOptions> & { listen?: { host: string; port: number } };
  if (options.target === undefined) throw new UsageError('observe needs --target URL, the API the frontend calls through it');
  if (options.har !== undefined && options.listen !== undefined) throw new UsageError('--har judges a HAR recorded elsewhere: nothing is proxied, so --listen has nothing to do');
  const { listen, ...rest } = options;
  return { ...DEFAULT_OBSERVE_OPTIONS, ...rest, target: options.target, ...(listen === undefined ? {} : { listenHost: listen.host, listenPort: listen.port }) };
}
