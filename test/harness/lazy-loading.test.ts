/**
 * The command loads what a command needs and no more: --help and the audit
 * answer without loading cucumber or Fastify (the reference server), which
 * only a run of the suite uses. A stray import (the audit once took
 * withoutUserinfo from the run's module) would load them both.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/support/processes';
import { cli } from '../support/cli';

const PROBE = path.join(ROOT, 'test', 'fixtures', 'probes', 'loaded-modules.js');
const HEAVY = [/node_modules\/@cucumber\/cucumber\//, /node_modules\/fastify\//, /node_modules\/playwright-core\//];

async function loadedBy(args: readonly string[]): Promise<{ code: number; loaded: string[] }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rc-loaded-')), 'modules.txt');
  const { code } = await cli(args, { NODE_OPTIONS: `--require ${PROBE}`, LOADED_MODULES_FILE: file });
  return { code, loaded: readFileSync(file, 'utf8').split('\n') };
}

function heavyIn(loaded: readonly string[]): string[] {
  return [...new Set(loaded.flatMap((file) => HEAVY.filter((pattern) => pattern.test(file)).map(String)))];
}

describe('what each command loads', () => {
  let server: Server;
  let target: string;
  before(async () => {
    server = createServer((req, res) => {
      res.setHeader('Access-Control-Allow-Origin', 'https://app.example');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('--help loads neither cucumber, nor Fastify, nor a browser driver', async () => {
    const { code, loaded } = await loadedBy(['--help']);
    assert.equal(code, 0);
    assert.deepEqual(heavyIn(loaded), []);
  });

  it('the audit loads neither cucumber nor Fastify (nor a browser driver, with --no-browser)', async () => {
    const { code, loaded } = await loadedBy(['audit', '--target', target, '--origin', 'https://app.example', '--route', 'GET /', '--no-browser', '--format', 'json']);
    assert.ok(code === 0 || code === 1, `the audit ran (exit ${code})`);
    assert.ok(loaded.some((file) => /runner[\\/]audit[\\/]/.test(file)), 'the probe saw the audit load');
    assert.deepEqual(heavyIn(loaded), []);
  });

  it("a run of the suite loads the document layer's validator, $ref parser and sampler only when a scenario reads a document", async () => {
    const { code, loaded } = await loadedBy(['--list']);
    assert.equal(code, 0);
    assert.deepEqual(loaded.filter((file) => /node_modules\/(ajv|ajv-formats|@apidevtools|openapi-sampler)\//.test(file)), []);
  });

  it('a run against --target loads cucumber, but not Fastify (the bundled reference server is not its target)', async () => {
    const { code, loaded } = await loadedBy(['--target', target, '--origin', 'https://app.example', '--no-browser', '--tags', '@id:headers-1', '--report-dir', mkdtempSync(path.join(tmpdir(), 'rc-lazy-reports-'))]);
    assert.ok(code === 0 || code === 1, `the run ran (exit ${code})`);
    assert.deepEqual(heavyIn(loaded), [String(HEAVY[0])]);
  });

  it('a run of the suite does load cucumber (the probe sees what it should)', async () => {
    const { loaded } = await loadedBy(['--list']);
    assert.ok(heavyIn(loaded).includes(String(HEAVY[0])));
  });
});
