/**
 * `response-conformance observe`: a frontend's own traffic, judged as it
 * happens. A reverse proxy (http/observe-proxy.ts) that the frontend, or its
 * end-to-end tests, calls instead of the API forwards every exchange
 * unchanged; each is handed to the judge (judge.ts) off the forwarding path
 * and to the traffic's spool (the HAR written at the end), then dropped.
 * With a command, observe runs it while the proxy is up; without one, it
 * observes until interrupted. Or it judges a HAR recorded elsewhere.
 *
 * Only a MUST finding makes the traffic non-conformant (exit 1). Anything
 * that stops the judging (a document that cannot be read, a HAR that is no
 * HAR, a port in use, a command that cannot start, no traffic at all) is an
 * error of the run (exit 2), said plainly, never blamed on the API.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_TIMEOUT_MS, startObserveProxy } from '../../http/observe-proxy';
import type { Level } from '../../rules/catalogue';
import type { ObserveOptions } from '../configuration';
import { failureStatus, runCommand, type CommandOutcome } from './command';
import type { ObservedDocumentSummary } from './document';
import type { Judged } from './judge';
import { JudgingNotStarted, JudgingStopped, JudgingThread } from './offload';

export type { ObservedFinding, ObservedOperation, ExchangeRef } from './judge';

export interface ObserveReport extends Omit<Judged, 'levels'> {
  readonly target: string;
  /** The proxy's address, which the frontend called; absent for a HAR. */
  readonly proxy?: string;
  /** The HAR judged instead of traffic, and what it leaves out. */
  readonly har?: { readonly source: string; readonly omissions: readonly string[]; readonly problems: readonly { entry: number; message: string }[]; readonly elsewhere: Readonly<Record<string, number>> };
  readonly origin?: string;
  /** How requests without a Cookie were judged: --credentials, or fetch()'s own default. */
  readonly credentials: { readonly mode: 'include' | 'omit' | 'same-origin'; readonly why: string };
  readonly document?: ObservedDocumentSummary;
  readonly startedAt: string;
  readonly endedAt: string;
  /** The command run while the proxy was up, and how it ended. */
  readonly command?: CommandOutcome;
  readonly levels: Readonly<Record<Level, number>>;
  /** Set when the traffic could not be judged: then the exit is 2. */
  readonly error?: string;
}

export interface ObserveHooks {
  /** The proxy is up at `url`: say so (the command starts next). */
  readonly onListening?: (url: string) => void;
  /** The command's environment (OBSERVE_URL is added). */
  readonly env?: NodeJS.ProcessEnv;
  /** Without a command: observing ends when this settles (SIGINT or SIGTERM, as the CLI wires it). */
  readonly until?: Promise<unknown>;
}

/** The error every part of observe throws for a reason the run cannot go on: the message is the whole story, exit 2. */
export class ObserveError extends Error {
  override name = 'ObserveError';
}

function credentialsOf(options: ObserveOptions): ObserveReport['credentials'] {
  if (options.credentials !== undefined) return { mode: options.credentials, why: '--credentials' };
  return { mode: 'same-origin', why: "fetch()'s default (no credentials across origins); a request that carries a Cookie is judged as include" };
}

/** The exit status: the command's own failure wins; else 2 for an error of the run, 1 for a MUST finding, else 0. */
export function observeExitCode(report: ObserveReport): number {
  const commandFailed = report.command === undefined ? null : failureStatus(report.command);
  if (commandFailed !== null) return commandFailed;
  if (report.error !== undefined) return 2;
  return report.levels.MUST > 0 ? 1 : 0;
}

/** A run of observe: its verdict, and the traffic kept for the HAR until the reports are written. */
export interface ObserveRun {
  readonly report: ObserveReport;
  /** The traffic as a HAR, every secret redacted (the judging thread writes it from its spool). */
  writeHar(file: string): Promise<void>;
  /** Ends the judging thread and removes the spool: call it on every path. */
  close(): Promise<void>;
}

export async function runObserve(options: ObserveOptions, command: readonly string[], hooks: ObserveHooks = {}): Promise<ObserveRun> {
  const startedAt = new Date().toISOString();
  // The API's origin as the browser sees it: the proxy's (always http:, whatever the target's scheme), or the target's for a HAR.
  const apiOrigin = options.har === undefined ? `http://${options.listenHost.includes(':') ? `[${options.listenHost}]` : options.listenHost}:${options.listenPort}` : new URL(options.target).origin;
  let thread: JudgingThread;
  try {
    thread = await JudgingThread.start(options, apiOrigin);
  } catch (error) {
    if (error instanceof JudgingNotStarted) throw new ObserveError(error.reason === 'HarSpoolError' ? `--report-dir ${options.reportDir}: ${error.message}` : error.message);
    throw error;
  }
  // The HAR that cannot be written (a full disk, a thread that stopped) is an error of the run, said in one line.
  const writeHar = (file: string) =>
    thread.writeHar(file).catch((error: Error) => {
      throw new ObserveError(error instanceof JudgingStopped ? error.message : `${error.message}`);
    });
  const run = (report: ObserveReport): ObserveRun => ({ report, writeHar, close: () => thread.close() });
  try {
    const base = {
      target: options.target,
      credentials: credentialsOf(options),
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      ...(thread.document === undefined ? {} : { document: thread.document }),
      startedAt,
    };
    if (options.har !== undefined) return run(await judgeHar(options, options.har, thread, base));
    return run(await observeTraffic(options, command, hooks, thread, base));
  } catch (error) {
    await thread.close();
    throw error instanceof JudgingStopped ? new ObserveError(error.message) : error;
  }
}

type Base = Omit<ObserveReport, keyof Judged | 'endedAt'>;

/** The judging thread's bugs, said as a note of observe's own: never the API's. */
function bugNotes(bugs: { count: number; first?: string }, listenerErrors = 0): string[] {
  const failed = bugs.count + listenerErrors;
  return failed > 0 ? [`${failed} exchange${failed === 1 ? '' : 's'} could not be judged, an error of observe's own and not of the API (please report it): ${bugs.first ?? 'the recording failed'}`] : [];
}

async function observeTraffic(options: ObserveOptions, command: readonly string[], hooks: ObserveHooks, thread: JudgingThread, base: Base): Promise<ObserveReport> {
  const proxy = await startObserveProxy({
    target: options.target,
    host: options.listenHost,
    port: options.listenPort,
    maxBodyBytes: options.maxBodyBytes,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    insecure: options.insecure,
    onExchange: (exchange) => thread.add(exchange),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new ObserveError(`--listen ${options.listenHost}:${options.listenPort}: the port is in use; choose another, or 0 for any free one`);
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') throw new ObserveError(`--listen ${options.listenHost}:${options.listenPort}: no such address on this machine`);
    throw error;
  });
  hooks.onListening?.(proxy.url);
  let outcome: CommandOutcome | undefined;
  try {
    if (command.length > 0) outcome = await runCommand(command, { ...(hooks.env ?? process.env), OBSERVE_URL: proxy.url });
    else await (hooks.until ?? new Promise(() => undefined));
  } finally {
    await proxy.close();
    // The last exchanges are handed over from a setImmediate once their sockets close.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { judged, bugs } = await thread.finish();
  const error =
    outcome?.notStarted !== undefined
      ? `the command could not be started (${outcome.notStarted}): nothing was observed`
      : judged.exchanges === 0
        ? `nothing was observed: no request reached ${proxy.url}. Point the frontend (or its tests) at it: the command finds it in OBSERVE_URL`
        : undefined;
  return {
    ...base,
    ...judged,
    notes: [...judged.notes, ...bugNotes(bugs, proxy.listenerErrors)],
    proxy: proxy.url,
    endedAt: new Date().toISOString(),
    ...(outcome === undefined ? {} : { command: outcome }),
    ...(error === undefined ? {} : { error }),
  };
}

async function judgeHar(options: ObserveOptions, source: string, thread: JudgingThread, base: Base): Promise<ObserveReport> {
  const { HarError, readHar } = await import('../../http/har');
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ObserveError(`--har ${source}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a HAR file' : (error as Error).message}`);
  }
  let reading;
  try {
    reading = readHar(text, source, { maxBody: options.maxBodyBytes, origin: new URL(options.target).origin });
  } catch (error) {
    if (error instanceof HarError) throw new ObserveError(error.message);
    throw error;
  }
  for (const exchange of reading.exchanges) thread.add(exchange);
  const { judged, bugs } = await thread.finish();
  const others = Object.entries(reading.elsewhere).sort(([, a], [, b]) => b - a);
  const error =
    judged.exchanges === 0
      ? `${source} holds no exchange with ${new URL(options.target).origin} to judge${others.length === 0 ? '' : `; its entries go to ${others.map(([origin, n]) => `${origin} (${n})`).join(', ')}: give one of those as --target`}`
      : undefined;
  return {
    ...base,
    ...judged,
    notes: [...judged.notes, ...bugNotes(bugs)],
    har: { source, omissions: reading.omissions, problems: reading.problems, elsewhere: reading.elsewhere },
    endedAt: new Date().toISOString(),
    ...(error === undefined ? {} : { error }),
  };
}
