/**
 * The audit's CORS findings on one response, judged as a pure function: here,
 * when an answer must say Vary: Origin (Fetch §3.2.3). A grant that depends
 * on the Origin must; a static one, the same Access-Control-Allow-Origin
 * whatever the Origin, must not be told to.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { responseFindings } from '../../runner/audit/findings';
import { corsRequestFor } from '../../http/script-fetch';

const request = corsRequestFor('https://app.example', { method: 'GET', path: '/api/items' });
const granted = (...extra: [string, string][]) => ({ status: 200, headers: [['Access-Control-Allow-Origin', 'https://app.example'], ['Access-Control-Allow-Credentials', 'true'], ...extra] as [string, string][], text: '' });
const ids = (findings: { id: string }[]) => findings.map((f) => f.id);

describe('vary-origin-missing (Fetch §3.2.3)', () => {
  it('a grant that names the origin without Vary: Origin is a finding', () => {
    assert.deepEqual(ids(responseFindings(request, granted())), ['vary-origin-missing']);
  });

  it('Vary: Origin, or Vary: *, is no finding', () => {
    assert.deepEqual(ids(responseFindings(request, granted(['Vary', 'Accept-Encoding, Origin']))), []);
    assert.deepEqual(ids(responseFindings(request, granted(['Vary', '*']))), []);
  });

  it('a static grant, sent to another origin the same, needs no Vary and is no finding', () => {
    assert.deepEqual(ids(responseFindings(request, granted(), true)), []);
  });
});
