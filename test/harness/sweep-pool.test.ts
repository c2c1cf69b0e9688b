/**
 * The sweep's pool (test/real-documents/pool.ts) times Prism's build of a
 * document's mock apart from the audit against it: a mock not built in
 * time is "mock-refused" (Prism's, nothing to audit against), an audit that
 * takes too long is "timed-out" (ours), and neither is hidden inside the
 * other. Driven by a stand-in worker (stand-in-worker.ts) that blocks in
 * the mock's build, hangs in the audit, or answers at once.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sweep } from '../real-documents/pool';

const STAND_IN = path.join(__dirname, '..', 'real-documents', 'stand-in-worker.ts');

describe("the sweep times Prism's mock and the audit apart", () => {
  it('a mock not built in time is mock-refused, an audit that hangs is timed-out, and a quick document is judged', async () => {
    const documents = [
      { id: 'blocks-in-prism', file: 'mock-blocks' },
      { id: 'hangs-in-the-audit', file: 'audit-hangs' },
      { id: 'quick', file: 'quick' },
    ];
    // Generous bounds: only the two documents that never finish reach them, and no assertion is on a time.
    const results = await sweep(documents, { workers: 1, timeoutMs: 4000, mockTimeoutMs: 4000, worker: STAND_IN });
    const byId = new Map(results.map((r) => [r.id, r]));
    const blocked = byId.get('blocks-in-prism')!;
    assert.equal(blocked.outcome, 'mock-refused');
    assert.match(blocked.error ?? '', /^Prism did not build its mock within 4000 ms/);
    assert.equal(blocked.mockMs, undefined, 'the mock was never built');
    const hung = byId.get('hangs-in-the-audit')!;
    assert.equal(hung.outcome, 'timed-out');
    assert.match(hung.error ?? '', /^the audit gave no result within 4000 ms \(Prism built the mock in 7 ms\)/);
    assert.equal(hung.mockMs, 7);
    assert.equal(byId.get('quick')!.outcome, 'judged');
  });
});
