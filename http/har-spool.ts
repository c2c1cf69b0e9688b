/**
 * The observed traffic as a HAR, written in bounded memory (issue 28:
 * "Memory stays flat over 100,000 exchanges"). `observe` may see 100,000
 * exchanges and more, each with a body prefix of up to 1 MiB; toHar would
 * hold them all. A HarSpool holds none of them:
 *
 * - add() appends each exchange to a spool file as one record (a line of
 *   JSON, then its bodies' bytes as they are: no base64 on the proxy's
 *   path), written in the background, and meets the exchange's own
 *   credentials (meetCredentials, the one place that knows them) into a
 *   set: the only thing kept;
 * - writeHar() streams the HAR from the spool record by record, each entry
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
import { closeSync, constants, mkdirSync, openSync, read, unlinkSync, write, writeSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { harWriter, meetCredentials, type HarWriter, type ToHarOptions } from './har';
import type { ObservedExchange } from './observed';

/**
 * SPOOL_NOT_CREATED: the spool's folder cannot hold it (HarSpool.create);
 * SPOOL_CLOSED: used after close() or discard(); SPOOL_WRITE_FAILED: an
 * exchange could not be spooled (a full disk), so no HAR can be whole;
 * SPOOL_CORRUPT: the spool does not read back as written; HAR_WRITE_FAILED:
 * the HAR file could not be written (its folder is missing, say). In every
 * case no HAR is written, and a HAR already at that path is left as it was.
 */
export type HarSpoolErrorCode = 'SPOOL_NOT_CREATED' | 'SPOOL_CLOSED' | 'SPOOL_WRITE_FAILED' | 'SPOOL_CORRUPT' | 'HAR_WRITE_FAILED';

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

/** Records are gathered up to this many bytes and written in one call: a system call per exchange would cost more than the exchange. */
const FLUSH_BYTES = 256 * 1024;

/** Spooled bytes waiting for the disk, at most: beyond it add() writes before it returns, so memory stays bounded when the disk is slow. */
const MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;

/** The spool is read back in chunks of this size. */
const READ_BYTES = 1024 * 1024;

/** The spool files that still have a name, with their descriptors: closed and removed on exit if nothing else removed them. */
const named = new Map<string, number>();
let exitHandlerInstalled = false;

function removeNamedOnExit(): void {
  for (const [path, fd] of named) {
    try {
      closeSync(fd); // first: a system that cannot unlink an open file is why the file has a name
    } catch {
      // Already closed.
    }
    try {
      unlinkSync(path);
    } catch {
      // Already gone, or the system refuses: nothing more can be done at exit.
    }
  }
  named.clear();
}

function keepNamed(path: string, fd: number): void {
  named.set(path, fd);
  if (!exitHandlerInstalled) {
    exitHandlerInstalled = true;
    process.once('exit', removeNamedOnExit);
  }
}

/** The exchanges, spooled to a file as they arrive, written as one HAR at the end. */
export class HarSpool {
  private readonly met = new Set<string>();
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Bytes given to the spool so far: each write goes at its own position, so writes and readings never wait on one another. */
  private written = 0;
  private count = 0;
  private firstStartedAt: string | undefined;
  private failed: Error | undefined;
  /** The writes under way, and their bytes: at most MAX_IN_FLIGHT_BYTES, beyond which add() writes before it returns. */
  private readonly inFlight = new Set<Promise<void>>();
  private inFlightBytes = 0;
  /** Writes and readings under way: the file is closed and removed once none is left. */
  private busy = 0;
  private closed = false;
  private released = false;

  private constructor(
    private readonly options: HarSpoolOptions,
    private readonly fd: number,
    /** The spool file's name while it has one (undefined when unlinked at once). */
    private readonly path: string | undefined,
  ) {}

  /** A spool in `dir` (created if missing): a new file, mode 0o600, never one that exists; SPOOL_NOT_CREATED if it cannot be. */
  static create(dir: string, options: HarSpoolOptions): HarSpool {
    new URL(options.baseUrl); // a bad base URL is refused now, not after 100,000 exchanges
    const path = join(dir, `.har-spool-${process.pid}-${randomBytes(6).toString('hex')}`);
    let fd: number;
    try {
      mkdirSync(dir, { recursive: true });
      fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (error) {
      throw new HarSpoolError('SPOOL_NOT_CREATED', `the HAR spool could not be created in ${dir}: ${(error as Error).message}`);
    }
    if (options.anonymous !== false) {
      try {
        unlinkSync(path);
        return new HarSpool(options, fd, undefined);
      } catch {
        // An open file cannot be unlinked here (Windows): it keeps its name, removed on close, discard or exit.
      }
    }
    keepNamed(path, fd);
    return new HarSpool(options, fd, path);
  }

  /** How many exchanges were added. */
  get size(): number {
    return this.count;
  }

  /** The spool file's path while it has a name: undefined when it was unlinked at once, or once closed and removed. */
  get file(): string | undefined {
    return this.released ? undefined : this.path;
  }

  /**
   * One exchange, appended to the spool (synchronous, and cheap: one record
   * gathered with others, written in the background); its credentials met.
   * Throws only when the spool was closed (SPOOL_CLOSED): a failed write is
   * reported by writeHar.
   */
  add(exchange: ObservedExchange): void {
    if (this.closed) throw new HarSpoolError('SPOOL_CLOSED', 'an exchange was added to a HAR spool that was closed or discarded');
    if (this.failed !== undefined) return;
    meetCredentials(exchange, this.met);
    if (this.count === 0) this.firstStartedAt = exchange.startedAt;
    this.count += 1;
    const bodies: Uint8Array[] = [];
    let size = 0;
    const encoded = encodeBytes(exchange, (bytes) => {
      bodies.push(bytes);
      size += bytes.byteLength;
      return size - bytes.byteLength;
    });
    const line = Buffer.from(`${JSON.stringify({ bytes: size, exchange: encoded } satisfies SpoolRecord)}\n`, 'utf8');
    this.pending.push(line, ...bodies);
    this.pendingBytes += line.length + size;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  /** The records gathered, given to the file at the next position: in the background, or here when the disk is behind. */
  private flush(): void {
    if (this.pending.length === 0 || this.closed || this.failed !== undefined) return;
    const bytes = Buffer.concat(this.pending, this.pendingBytes); // a copy: the exchanges' own buffers are theirs again
    this.pending = [];
    this.pendingBytes = 0;
    const position = this.written;
    this.written += bytes.length;
    if (this.inFlightBytes + bytes.length > MAX_IN_FLIGHT_BYTES) {
      // The disk is behind: waiting for it here keeps memory bounded.
      try {
        for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, position + done);
      } catch (error) {
        this.failed = error as Error;
      }
      return;
    }
    this.inFlightBytes += bytes.length;
    this.busy += 1;
    const writing: Promise<void> = writeAt(this.fd, bytes, position)
      .catch((error: Error) => {
        this.failed ??= error;
      })
      .finally(() => {
        this.inFlight.delete(writing);
        this.inFlightBytes -= bytes.length;
        this.busy -= 1;
        this.releaseWhenIdle();
      });
    this.inFlight.add(writing);
  }

  /**
   * The HAR 1.2 document of every exchange added so far, streamed to
   * `outPath` (a temporary name beside it, then a rename): each entry
   * masked as toHar masks it, with every credential met in the whole
   * traffic. Exchanges added while it writes go to a later HAR, not this
   * one. close() may be called meanwhile: the spool is removed once the
   * HAR is written. `options` replace those given to create() for this HAR
   * (the proxy's own address as baseUrl, known only once it listens; the
   * secrets the run knows by its end).
   */
  async writeHar(outPath: string, options: Partial<ToHarOptions> = {}): Promise<{ entries: number }> {
    if (this.closed) throw new HarSpoolError('SPOOL_CLOSED', `the HAR spool was closed or discarded before ${outPath} was written`);
    this.flush();
    const end = this.written;
    const entries = this.count;
    let writer: HarWriter;
    try {
      writer = harWriter({ ...this.options, ...options }, new Set(this.met));
    } catch (error) {
      throw new HarSpoolError('HAR_WRITE_FAILED', `${outPath} could not be written: ${(error as Error).message}`);
    }
    const firstStartedAt = this.firstStartedAt;
    this.busy += 1;
    try {
      await Promise.all([...this.inFlight]);
      if (this.failed !== undefined) {
        throw new HarSpoolError('SPOOL_WRITE_FAILED', `the exchanges could not be spooled, so ${outPath} was not written: ${this.failed.message}`);
      }
      await this.stream(outPath, end, entries, writer, firstStartedAt);
    } finally {
      this.busy -= 1;
      this.releaseWhenIdle();
    }
    return { entries };
  }

  private async stream(outPath: string, end: number, entries: number, writer: HarWriter, firstStartedAt: string | undefined): Promise<void> {
    const head = JSON.stringify({ log: writer.head(firstStartedAt) });
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
      const records = new SpoolReader(this.fd, end);
      let read = 0;
      for (;;) {
        let exchange: ObservedExchange;
        try {
          const line = await records.line();
          if (line === undefined) break;
          const record = JSON.parse(line.toString('utf8')) as SpoolRecord;
          exchange = decodeBytes(record.exchange, await records.bytes(record.bytes)) as ObservedExchange;
        } catch (error) {
          if (!(error instanceof SyntaxError || error instanceof NotARecord)) throw error; // a failed read: HAR_WRITE_FAILED below
          throw new HarSpoolError('SPOOL_CORRUPT', `record ${read + 1} of the HAR spool is not the exchange written there (${error.message}): ${outPath} was not written`);
        }
        await output.write(`${read === 0 ? '\n' : ',\n'}${JSON.stringify(writer.entry(exchange))}`);
        read += 1;
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
  }

  /** Closes the spool and removes its file, at once or as soon as a write or a HAR under way ends. Safe to call twice. */
  close(): void {
    this.closed = true;
    this.pending = [];
    this.pendingBytes = 0;
    this.releaseWhenIdle();
  }

  /** Drops every exchange and removes the spool file (close() by another name, for when the run wants no HAR). */
  discard(): void {
    this.close();
  }

  private releaseWhenIdle(): void {
    if (!this.closed || this.busy > 0 || this.released) return;
    this.released = true;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed by the system: the file is removed below all the same.
    }
    if (this.path !== undefined) {
      try {
        unlinkSync(this.path);
      } catch {
        // Already gone.
      }
      named.delete(this.path);
    }
  }
}

/** All of `bytes` written at `position` (a write may take less than asked). */
function writeAt(fd: number, bytes: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (done: number): void => {
      if (done === bytes.length) return resolve();
      write(fd, bytes, done, bytes.length - done, position + done, (error, wrote) => (error ? reject(error) : next(done + wrote)));
    };
    next(0);
  });
}

/** A spool record's line: the exchange as JSON, each byte array replaced by where its bytes are among the `bytes` that follow the line. */
interface SpoolRecord {
  readonly bytes: number;
  readonly exchange: unknown;
}

/** What was read back is not the record written (a spool changed underneath, or cut short). */
class NotARecord extends Error {}

/** The spool read back from its start up to byte `end`: a record's line, then its bytes. */
class SpoolReader {
  private buffered = Buffer.alloc(0);
  private position = 0;

  constructor(
    private readonly fd: number,
    private readonly end: number,
  ) {}

  /** The next line, without its newline (a newline is the byte 0x0A, which UTF-8 never uses inside a character); undefined at the end. */
  async line(): Promise<Buffer | undefined> {
    let searched = 0;
    for (;;) {
      const newline = this.buffered.indexOf(0x0a, searched);
      if (newline !== -1) {
        const line = this.buffered.subarray(0, newline);
        this.buffered = this.buffered.subarray(newline + 1);
        return line;
      }
      searched = this.buffered.length;
      if (!(await this.more())) {
        if (this.buffered.length === 0) return undefined;
        throw new NotARecord('the last record is cut short');
      }
    }
  }

  /** The next `count` bytes. */
  async bytes(count: number): Promise<Buffer> {
    if (!Number.isInteger(count) || count < 0) throw new NotARecord(`${String(count)} is no count of bytes`);
    while (this.buffered.length < count) {
      if (!(await this.more(count - this.buffered.length))) throw new NotARecord(`${count} bytes were written, ${this.buffered.length} are there`);
    }
    const bytes = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    return bytes;
  }

  /** Reads at least READ_BYTES more (or `wanted`, if more), up to the end: false when there is nothing more. */
  private async more(wanted = 0): Promise<boolean> {
    const length = Math.min(Math.max(READ_BYTES, wanted), this.end - this.position);
    if (length <= 0) return false;
    // A new buffer each time: the records handed out are views of it.
    const chunk = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const read = await readAt(this.fd, chunk.subarray(got), length - got, this.position + got);
      if (read === 0) break;
      got += read;
    }
    if (got === 0) return false;
    this.position += got;
    this.buffered = this.buffered.length === 0 ? chunk.subarray(0, got) : Buffer.concat([this.buffered, chunk.subarray(0, got)]);
    return true;
  }
}

function readAt(fd: number, into: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, into, 0, length, position, (error, got) => (error ? reject(error) : resolve(got))));
}

/** Output gathered into writes of at least FLUSH_BYTES characters, each awaited: memory stays bounded however big the HAR. */
class BufferedOutput {
  private chunks: string[] = [];
  private chars = 0;

  constructor(private readonly handle: FileHandle) {}

  async write(text: string): Promise<void> {
    this.chunks.push(text);
    this.chars += text.length;
    if (this.chars >= FLUSH_BYTES) await this.end();
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

/** The exchange as JSON can hold it: each byte array (a body's prefix) as {"$bytes": its length, "at": where `place` put it}; anything else as JSON.stringify writes it. */
function encodeBytes(value: unknown, place: (bytes: Uint8Array) => number): unknown {
  if (value instanceof Uint8Array) return { $bytes: value.byteLength, at: place(value) };
  if (Array.isArray(value)) return value.map((item) => encodeBytes(item, place));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = encodeBytes((value as Record<string, unknown>)[key], place);
    return copy;
  }
  return value;
}

/** An object of fields (a record), not one JSON.stringify writes its own way (a Date, anything with toJSON). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** encodeBytes undone, each byte array taken from `bytes`. */
function decodeBytes(value: unknown, bytes: Buffer): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeBytes(item, bytes));
  if (value !== null && typeof value === 'object') {
    const { $bytes, at } = value as { $bytes?: unknown; at?: unknown };
    if (typeof $bytes === 'number' && typeof at === 'number') {
      if (at < 0 || at + $bytes > bytes.length) throw new NotARecord(`a body's bytes (${at}..${at + $bytes}) are not within the record's ${bytes.length}`);
      return bytes.subarray(at, at + $bytes);
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = decodeBytes((value as Record<string, unknown>)[key], bytes);
    return copy;
  }
  return value;
}
