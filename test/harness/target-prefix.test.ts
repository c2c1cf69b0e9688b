/** A --target with a path prefix: every request goes below it. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { runSuite } from '../../runner/run/index';
import { runOptions } from '../support/options';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createApp } = require('../../examples/targets/express/server.js') as { createApp: (origin: string) => express.Express };

it('a server mounted under /api passes when the target is .../api', async () => {
  const outer = express();
  outer.use('/api', createApp('https://frontend.example'));
  const server = outer.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const { summary } = await runSuite(runOptions({ target: `http://127.0.0.1:${port}/api`, strict: true }));
    assert.equal(summary.counts.failed, 0, JSON.stringify(summary.scenarios.filter((s) => s.status === 'failed'), null, 2));
    assert.equal(summary.conformant, true);
  } finally {
    server.close();
  }
});
