/**
 * The observed traffic as a HAR, written in bounded memory (issue 28:
 * "Memory stays flat over 100,000 exchanges"). `observe` may see 100,000
 * exchanges and more, each with a body prefix of up to 1 MiB; toHar would
 * hold them all. A HarSpool holds none of them:
 *
 * - add() appends each exchange as one line of JSON (bodies in base64) to a
 *   spool file, and meets the exchange's own credentials (meetCredentials,
 *   the one place that knows them) into a set: the only thing kept;
 * - writeHar() streams the HAR from the spool line by line, each entry
 *   written by the one HAR writer (harWriter, as toHar writes it) with the
 *   full set of credentials met, so a credential first met in exchange
 *   90,000 is masked in entry 1 too. The same exchanges give the same HAR
 *   as toHar. The file appears whole or not at all (a temporary name, then
 *   a rename).
 *
 * The spool holds the raw exchanges, secrets and all, so it must never be
 * left behind. It is created with mode 0o600 and, where the system allows
 * (Linux, macOS), unlinked at once: it lives on through its descriptor
 * only, and nothing remains even if the process is killed. Where a file
 * open cannot be unlinked (Windows), it keeps its name and is removed by
 * close() or discard(), and by a handler on the process's 'exit' event.
 *
 * A write to the spool that fails (a full disk) never throws from add(),
 * which runs on the proxy's recording path: the spool stops, and writeHar
 * rejects with a HarSpoolError saying why. Branch on `code`.
 */
import { closeSync, openSync, mkdirSync, unlinkSync, writeSync, createReadStream, constants } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { harWriter, meetCredentials, type ToHarOptions } from './har';
import type { ObservedExchange } from './observed';

/**
 * SPOOL_CLOSED: used after close() or discard(); SPOOL_WRITE_FAILED: an
 * exchange could not be spooled (a full disk), so no HAR can be whole;
 * SPOOL_CORRUPT: the spool does not read back as written; HAR_WRITE_FAILED:
 * the HAR file could not be written (its folder is missing, say). In every
 * case no HAR is written, and a HAR already at that path is left as it was.
 */
export type HarSpoolErrorCode = 'SPOOL_CLOSED' | 'SPOOL_WRITE_FAILED' | 'SPOOL_CORRUPT' | 'HAR_WRITE_FAILED';

/** The spool could not do what was asked: branch on `code`, never on the message. */
export class HarSpoolError extends Error {
  constructor(
    readonly code: HarSpoolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HarSpoolError';
  }
}

export interface HarSpoolOptions extends ToHarOptions {
  /**
   * Unlink the spool file as soon as it is open, where the system allows it
   * (the default). false keeps its name until close(), discard() or the
   * process's exit, as on systems that cannot unlink an open file.
   */
  readonly anonymous?: boolean;
}

/** Lines are gathered up to this many characters and written in one call: a system call per exchange would cost more than the exchange. */
const FLUSH_CHARS = 256 * 1024;

/** The names of the spool files that still exist, removed on exit if nothing else removed them. */
const named = new Set<string>();
let exitHandlerInstalled = false;

function removeNamedOnExit(): void {
  for (const path of named) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone, or the system refuses: nothing more can be done at exit.
    }
  }
  named.clear();
}

function keepNamed(path: string): void {
  named.add(path);
  if (!exitHandlerInstalled) {
    exitHandlerInstalled = true;
    process.once('exit', removeNamedOnExit);
  }
}

/** The exchanges, spooled to a file as they arrive, written as one HAR at the end. */
export class HarSpool {
  private readonly met = new Set<string>();
  private pending: string[] = [];
  private pendingChars = 0;
  /** Bytes written to the spool so far: each write goes at its own position, so a reading in progress never sees a partial line. */
  private written = 0;
  private count = 0;
  private firstStartedAt: string | undefined;
  private failed: Error | undefined;
  private fd: number | undefined;

  private constructor(
    private readonly options: HarSpoolOptions,
    fd: number,
    /** The spool file's name while it has one (undefined once unlinked). */
    private path: string | undefined,
  ) {
    this.fd = fd;
  }

  /** A spool in `dir` (created if missing): a new file, mode 0o600, never one that exists. */
  static create(dir: string, options: HarSpoolOptions): HarSpool {
    new URL(options.baseUrl); // a bad base URL is refused now, not after 100,000 exchanges
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `.har-spool-${process.pid}-${randomBytes(6).toString('hex')}.jsonl`);
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
    if (options.anonymous !== false) {
      try {
        unlinkSync(path);
        return new HarSpool(options, fd, undefined);
      } catch {
        // An open file cannot be unlinked here (Windows): it keeps its name, removed on close, discard or exit.
      }
    }
    keepNamed(path);
    return new HarSpool(options, fd, path);
  }

  /** How many exchanges were added. */
  get size(): number {
    return this.count;
  }

  /** The spool file's path while it has a name: undefined when it was unlinked at once, or after close(). */
  get file(): string | undefined {
    return this.path;
  }

  /**
   * One exchange, appended to the spool (synchronous, and cheap: one line
   * gathered with others); its credentials met. Throws only when the spool
   * was closed (SPOOL_CLOSED): a failed write is reported by writeHar.
   */
  add(exchange: ObservedExchange): void {
    if (this.fd === undefined) throw new HarSpoolError('SPOOL_CLOSED', 'an exchange was added to a HAR spool that was closed or discarded');
    if (this.failed !== undefined) return;
    meetCredentials(exchange, this.met);
    if (this.count === 0) this.firstStartedAt = exchange.startedAt;
    this.count += 1;
    const line = `${JSON.stringify(exchange, encodeBuffers)}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0 || this.fd === undefined || this.failed !== undefined) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    try {
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
      this.written += bytes.length;
    } catch (error) {
      this.failed = error as Error;
    }
  }

  /**
   * The HAR 1.2 document of every exchange added so far, streamed to
   * `outPath` (a temporary name beside it, then a rename): each entry
   * masked as toHar masks it, with every credential met in the whole
   * traffic. Exchanges added while it writes go to a later HAR, not this one.
   */
  async writeHar(outPath: string): Promise<{ entries: number }> {
    if (this.fd === undefined) throw new HarSpoolError('SPOOL_CLOSED', `the HAR spool was closed or discarded before ${outPath} was written`);
    this.flush();
    if (this.failed !== undefined) {
      throw new HarSpoolError('SPOOL_WRITE_FAILED', `the exchanges could not be spooled, so ${outPath} was not written: ${this.failed.message}`);
    }
    const fd = this.fd;
    const end = this.written;
    const entries = this.count;
    const writer = harWriter(this.options, new Set(this.met));
    const head = JSON.stringify({ log: writer.head(this.firstStartedAt) });
    const temporary = join(dirname(outPath), `.${basename(outPath)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    let out: FileHandle;
    try {
      out = await open(temporary, 'wx');
    } catch (error) {
      throw new HarSpoolError('HAR_WRITE_FAILED', `${outPath} could not be written: ${(error as Error).message}`);
    }
    try {
      const output = new BufferedOutput(out);
      // {"log":{…head…,"entries":[ … ]}}: the head written as JSON.stringify writes it, the entries one a line.
      await output.write(`${head.slice(0, -2)},"entries":[`);
      let read = 0;
      if (end > 0) {
        const lines = createInterface({ input: createReadStream('', { fd, start: 0, end: end - 1, autoClose: false }), crlfDelay: Infinity });
        for await (const line of lines) {
          if (read === entries) break;
          let exchange: ObservedExchange;
          try {
            exchange = JSON.parse(line, decodeBuffers) as ObservedExchange;
          } catch (error) {
            throw new HarSpoolError('SPOOL_CORRUPT', `line ${read + 1} of the HAR spool is not the exchange written there (${(error as Error).message}): ${outPath} was not written`);
          }
          await output.write(`${read === 0 ? '\n' : ',\n'}${JSON.stringify(writer.entry(exchange))}`);
          read += 1;
        }
      }
      if (read !== entries) throw new HarSpoolError('SPOOL_CORRUPT', `the HAR spool holds ${read} of the ${entries} exchanges added: ${outPath} was not written`);
      await output.write(`${read === 0 ? '' : '\n'}]}}\n`);
      await output.end();
      await out.sync(); // the rename below makes a whole file appear, never an empty one after a crash
      await out.close();
      await rename(temporary, outPath);
    } catch (error) {
      await out.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      if (error instanceof HarSpoolError) throw error;
      throw new HarSpoolError('HAR_WRITE_FAILED', `${outPath} could not be written: ${(error as Error).message}`);
    }
    return { entries };
  }

  /** Closes the spool and removes its file: after writeHar, or when no HAR is wanted. Safe to call twice. */
  close(): void {
    this.pending = [];
    this.pendingChars = 0;
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already closed by the system: the file is removed below all the same.
      }
      this.fd = undefined;
    }
    if (this.path !== undefined) {
      try {
        unlinkSync(this.path);
      } catch {
        // Already gone.
      }
      named.delete(this.path);
      this.path = undefined;
    }
  }

  /** Drops every exchange and removes the spool file (close() by another name, for when the run wants no HAR). */
  discard(): void {
    this.close();
  }
}

/** Output gathered into writes of at least FLUSH_CHARS characters, each awaited: memory stays bounded however big the HAR. */
class BufferedOutput {
  private chunks: string[] = [];
  private chars = 0;

  constructor(private readonly handle: FileHandle) {}

  async write(text: string): Promise<void> {
    this.chunks.push(text);
    this.chars += text.length;
    if (this.chars >= FLUSH_CHARS) await this.end();
  }

  /** Writes what is gathered. */
  async end(): Promise<void> {
    if (this.chunks.length === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.chars = 0;
    await this.handle.write(text, null, 'utf8');
  }
}

/** JSON.stringify's replacer: a body's bytes as {"$base64": "…"} (the holder's own value: a Buffer's toJSON would write a list of numbers). */
function encodeBuffers(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? { $base64: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') } : value;
}

/** JSON.parse's reviver, encodeBuffers undone. */
function decodeBuffers(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { $base64?: unknown }).$base64 === 'string') {
    return Buffer.from((value as { $base64: string }).$base64, 'base64');
  }
  return value;
}
