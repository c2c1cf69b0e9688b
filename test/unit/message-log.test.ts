/** The run's message stream on disk: every envelope back in order, whole lines only, gone when disposed of. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Envelope } from '@cucumber/messages';
import { MessageLog, MessageLogs } from '../../runner/run/message-log';

/** An attachment whose body has quotes and a newline, of varying length. */
const envelope = (i: number) => ({ attachment: { body: `line ${i} "quoted"\nsecond line ${'x'.repeat(i % 97)}`, contentEncoding: 'IDENTITY', mediaType: 'text/plain' } }) as unknown as Envelope;

/** The lines of the blocks, checking each block holds whole lines. */
async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  let text = '';
  for await (const block of chunks) {
    assert.ok(block.endsWith('\n'), 'a block ends at the end of a line');
    text += block;
  }
  return text.split('\n').slice(0, -1);
}

describe('the message log', () => {
  it('gives back every envelope in order, one JSON line each, across many blocks', async () => {
    const log = new MessageLog();
    const written = Array.from({ length: 5000 }, (_, i) => envelope(i));
    for (const e of written) log.append(e);
    log.close();
    assert.deepEqual(log.envelopes(), written);
    const lines = await collect(log.chunks());
    assert.equal(lines.length, 5000);
    assert.deepEqual(JSON.parse(lines[4999]), written[4999]);
    log.dispose();
  });

  it('lets go of what comes after it is closed, and removes its file when disposed of', () => {
    const log = new MessageLog();
    log.append(envelope(1));
    log.close();
    log.append(envelope(2)); // an interrupted run still ending
    assert.deepEqual(log.envelopes(), [envelope(1)]);
    const file = (log as unknown as { file: string }).file;
    assert.ok(existsSync(file));
    log.dispose();
    assert.ok(!existsSync(file));
  });

  it('reads several logs as one stream, in order, and an empty one as nothing, without a file', async () => {
    const [a, b, empty] = [new MessageLog(), new MessageLog(), new MessageLog()];
    a.append(envelope(1));
    b.append(envelope(2));
    b.append(envelope(3));
    const all = new MessageLogs([a, empty, b]);
    assert.deepEqual((await collect(all.chunks())).map((l) => JSON.parse(l)), [envelope(1), envelope(2), envelope(3)]);
    assert.deepEqual(new MessageLogs([]).envelopes(), []);
    assert.equal((empty as unknown as { file?: string }).file, undefined, 'a log nothing was written to makes no file (a run may make hundreds of logs)');
    all.dispose();
  });
});
