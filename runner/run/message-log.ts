/**
 * Cucumber's message stream of a run, kept on disk as it arrives (one
 * NDJSON line per envelope, in a temporary file), so the memory a run holds
 * does not grow with the number of envelopes: messages.ndjson is copied from
 * it when the reports are written. Lines are buffered and written in blocks
 * (the file is made with the first); `close()` ends the writing, and the
 * file is removed by `dispose()`, or when the process exits.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Envelope } from '@cucumber/messages';

const BLOCK = 1 << 16; // characters buffered before a write

const open = new Set<MessageLog>();
let cleanupRegistered = false;

export class MessageLog {
  /** The temporary folder and file, made when the first block is written (a run may make many logs, most of them small). */
  private dir: string | undefined;
  private file: string | undefined;
  private fd: number | undefined;
  private closed = false;
  private buffered: string[] = [];
  private bufferedLength = 0;

  /** Adds an envelope; one that comes after `close()` (an interrupted run, still ending as the reports are written) is let go. */
  append(envelope: Envelope): void {
    if (this.closed) return;
    const line = `${JSON.stringify(envelope)}\n`;
    this.buffered.push(line);
    this.bufferedLength += line.length;
    if (this.bufferedLength >= BLOCK) this.flush();
  }

  /** No more envelopes will come: the last lines are written and the file closed (it can still be read). */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): void {
    if (this.buffered.length === 0) return;
    writeSync(this.openFile(), this.buffered.join(''));
    this.buffered = [];
    this.bufferedLength = 0;
  }

  private openFile(): number {
    if (this.fd !== undefined) return this.fd;
    this.dir = mkdtempSync(path.join(tmpdir(), 'response-conformance-messages-'));
    this.file = path.join(this.dir, 'messages.ndjson');
    this.fd = openSync(this.file, 'w');
    open.add(this);
    if (!cleanupRegistered) {
      cleanupRegistered = true;
      process.once('exit', () => {
        for (const log of open) log.dispose();
      });
    }
    return this.fd;
  }

  /** Everything written so far, in order, as blocks of whole lines (each line ending in its newline). */
  async *chunks(): AsyncGenerator<string> {
    this.flush();
    if (this.file === undefined) return;
    let partial = '';
    for await (const read of createReadStream(this.file, { encoding: 'utf8', highWaterMark: BLOCK })) {
      const text = partial + (read as string);
      const end = text.lastIndexOf('\n') + 1;
      partial = text.slice(end);
      if (end > 0) yield text.slice(0, end);
    }
    if (partial !== '') yield `${partial}\n`;
  }

  /** Every envelope, parsed back (for tests and tools; a report copies `chunks()`). */
  envelopes(): Envelope[] {
    this.flush();
    if (this.file === undefined) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Envelope);
  }

  dispose(): void {
    this.close();
    this.buffered = [];
    open.delete(this);
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Several logs read as one stream, in order (the shards and engines of a run). */
export class MessageLogs {
  constructor(private readonly logs: readonly MessageLog[]) {}

  async *chunks(): AsyncGenerator<string> {
    for (const log of this.logs) yield* log.chunks();
  }

  envelopes(): Envelope[] {
    return this.logs.flatMap((log) => log.envelopes());
  }

  dispose(): void {
    for (const log of this.logs) log.dispose();
  }
}
