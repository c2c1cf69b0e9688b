/**
 * observe's judging thread (runner/observe/offload.ts, worker.ts): it
 * judges what it is handed over, in order, and writes the HAR; it says why
 * it cannot start; and a thread that dies fails what is asked of it, never
 * leaving observe waiting.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ObservedExchange } from '../../http/observed';
import type { ObserveOptions } from '../../runner/configuration';
import { DEFAULT_OBSERVE_OPTIONS } from '../../runner/configuration';
import { JudgingNotStarted, JudgingStopped, JudgingThread } from '../../runner/observe/offload';

const options = (reportDir: string): ObserveOptions => ({ ...DEFAULT_OBSERVE_OPTIONS, target: 'http://127.0.0.1:8000', reportDir });

function exchange(seq: number, status: number): ObservedExchange {
  const body = (text: string) => ({ prefix: Buffer.from(text), size: Buffer.byteLength(text), truncated: false });
  return {
    seq,
    startedAt: new Date(Date.UTC(2026, 11, 3, 6, 0, seq)).toISOString(),
    durationMs: 1,
    request: { method: 'GET', target: `/api/items/${seq}`, httpVersion: '1.1', headers: [['Host', '127.0.0.1:8001'], ['Origin', 'http://127.0.0.1:5173'], ['Sec-Fetch-Mode', 'cors'], ['Cookie', 'session=abcdefgh1234']], body: body('') },
    response: { status, statusText: '', headers: [['Content-Type', 'application/json']], body: body('{"id":1}') },
  };
}

describe("observe's judging thread", () => {
  it('judges every exchange handed over, in order, and writes them as a HAR with the cookie masked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rc-offload-'));
    const thread = await JudgingThread.start(options(dir), 'http://127.0.0.1:8001');
    try {
      for (let seq = 1; seq <= 300; seq += 1) thread.add(exchange(seq, 200));
      const { judged, bugs } = await thread.finish();
      assert.equal(judged.exchanges, 300);
      assert.equal(bugs.count, 0);
      // Refused for want of Access-Control-Allow-Origin, all 300, on one route.
      assert.deepEqual(judged.operations.map((o) => [o.label, o.findings.map((f) => [f.id, f.count])]), [['GET /api/items/{id}', [['origin-refused', 300]]]]);
      const file = path.join(dir, 'traffic.har');
      await thread.writeHar(file);
      const har = readFileSync(file, 'utf8');
      assert.equal(JSON.parse(har).log.entries.length, 300);
      assert.ok(!har.includes('abcdefgh1234'), 'the cookie value in the HAR');
    } finally {
      await thread.close();
    }
  });

  it('says why it cannot start: a report folder that cannot be made', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rc-offload-'));
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    await assert.rejects(JudgingThread.start(options(path.join(file, 'reports')), 'http://127.0.0.1:8001'), (error: unknown) => error instanceof JudgingNotStarted && error.reason === 'HarSpoolError');
  });

  it('a thread that stops fails what is asked of it at once, never leaving observe waiting', { timeout: 20_000 }, async () => {
    const thread = await JudgingThread.start(options(mkdtempSync(path.join(tmpdir(), 'rc-offload-'))), 'http://127.0.0.1:8001');
    thread.add(exchange(1, 200));
    await thread.crashForTest();
    await assert.rejects(thread.finish(), (error: unknown) => error instanceof JudgingStopped && /an error of observe's own/.test((error as Error).message));
    await thread.close();
  });
});
