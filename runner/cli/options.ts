/**
 * The command line's options: argv → the options a run or an audit takes
 * (each flag read as the schema says) → the configuration
 * (configuration/load.ts), which checks them as it checks the API's. The
 * parser's flags come from the same schema; nothing here has a default or
 * a check of its own but what only argv can get wrong.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { OPTIONS, flagsOf, loadAuditConfiguration, loadObserveConfiguration, loadRunConfiguration, UsageError, type AuditOptions, type Command as Subcommand, type FlagSpec, type ObserveOptions, type OptionSpec, type RunOptions } from '../configuration';

export { UsageError };
export type { AuditOptions, ObserveOptions, RunOptions };
export { AUDIT_USAGE, OBSERVE_USAGE, USAGE } from './usage';
export { parseEnginePath, parseHeader, parseOrigin, parseParams, parseRoute, parseTarget, parseTimeout } from '../configuration/values';

export type Command = { kind: 'help' } | { kind: 'steps' } | { kind: 'list'; options: RunOptions } | { kind: 'run'; options: RunOptions };

type Flags = NonNullable<ParseArgsConfig['options']>;

/** node:util's parser's flags for a command, from the schema. */
function parserFlags(command: Subcommand): Flags {
  return Object.fromEntries(flagsOf(command).map((flag) => [flag.name, { type: flag.arg === undefined ? ('boolean' as const) : ('string' as const), ...(flag.repeatable ? { multiple: true } : {}) }]));
}

const PARSER_FLAGS: Readonly<Record<Subcommand, Flags>> = { run: parserFlags('run'), audit: parserFlags('audit'), observe: parserFlags('observe') };

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parseFlags(argv: readonly string[], command: Subcommand, allowPositionals: boolean) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals, options: PARSER_FLAGS[command] }) as { values: Values; positionals: string[] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Each flag given, as the option it sets: its text read (and checked, quoting the text), or a switch's value. */
function optionsFrom(values: Values, command: Subcommand): Record<string, unknown> {
  if (values.browser && values['no-browser']) throw new UsageError('--browser and --no-browser contradict each other');
  const options: Record<string, unknown> = {};
  const owner = new Map<FlagSpec, OptionSpec>(OPTIONS.flatMap((o) => o.flags.map((f) => [f, o] as const)));
  for (const flag of flagsOf(command)) {
    const key = owner.get(flag)?.key;
    const value = values[flag.name];
    if (key === undefined || value === undefined || value === false) continue;
    // A switch sets its value; a flag's text is read by the flag when it must be, else by the configuration's check.
    options[key] = flag.arg === undefined ? flag.value : flag.read === undefined ? value : (flag.read as (text: unknown) => unknown)(value);
  }
  return options;
}

export function parseCommand(argv: readonly string[]): Command {
  const { values, positionals } = parseFlags(argv, 'run', true);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) {
    if (positionals.length === 1 && positionals[0] === 'steps') return { kind: 'steps' };
    throw new UsageError(`unknown command "${positionals.join(' ')}" (the commands are: steps, audit, observe; everything else is a --flag)`);
  }
  const options = loadRunConfiguration(optionsFrom(values, 'run'));
  return values.list ? { kind: 'list', options } : { kind: 'run', options };
}

export function parseAuditCommand(argv: readonly string[], env: NodeJS.ProcessEnv = {}): { kind: 'help' } | { kind: 'audit'; options: AuditOptions } {
  const { values } = parseFlags(argv, 'audit', false);
  if (values.help) return { kind: 'help' };
  return { kind: 'audit', options: loadAuditConfiguration(optionsFrom(withEnvironment(values, 'audit', env), 'audit')) };
}

/** A flag that names an environment variable (a token, a password) takes its value from there when it is not given; an empty variable is not given. */
function withEnvironment(values: Values, command: Subcommand, env: NodeJS.ProcessEnv): Values {
  const out = { ...values };
  for (const flag of flagsOf(command)) {
    if (flag.env === undefined || out[flag.name] !== undefined) continue;
    const value = env[flag.env];
    if (value !== undefined && value !== '') out[flag.name] = value;
  }
  return out;
}

/**
 * `observe`'s flags, then, after `--`, the command to run while the proxy
 * is up (its words as given: the flags stop at `--`).
 */
export function parseObserveCommand(argv: readonly string[]): { kind: 'help' } | { kind: 'observe'; options: ObserveOptions; command: readonly string[] } {
  const dashes = argv.indexOf('--');
  const flags = dashes === -1 ? argv : argv.slice(0, dashes);
  const command = dashes === -1 ? [] : argv.slice(dashes + 1);
  const { values, positionals } = parseFlags(flags, 'observe', true);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals.join(' ')}": the command to run goes after --, as in observe --target URL -- npx playwright test`);
  if (dashes !== -1 && command.length === 0) throw new UsageError('-- is followed by the command to run while the proxy is up, as in -- npx playwright test');
  const options = loadObserveConfiguration(optionsFrom(values, 'observe'));
  if (options.har !== undefined && command.length > 0) throw new UsageError('--har judges a HAR recorded elsewhere: there is no proxy for a command to call');
  return { kind: 'observe', options, command };
}
