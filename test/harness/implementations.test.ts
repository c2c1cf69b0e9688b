/**
 * No false alarms: independent, conformant implementations of the contract
 * pass every scenario, MUST and SHOULD. If one fails, either it is not
 * conformant or a scenario asserts bytes where HTTP allows variation.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runSuite } from '../../runner/run';
import { runOptions } from '../support/options';
import { startListening } from '../support/processes';

// Debian's python3 has python3-fastapi; another python3 on PATH (pyenv, say) may not.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const IMPLEMENTATIONS = [
  { name: 'FastAPI (examples/targets/fastapi)', command: PYTHON, args: ['examples/targets/fastapi/main.py', '--port', '0'] },
  { name: 'Express 5 + cors (examples/targets/express)', command: process.execPath, args: ['examples/targets/express/server.js', '--port', '0'] },
];

describe('conformant implementations pass everything under --strict', () => {
  for (const implementation of IMPLEMENTATIONS) {
    it(implementation.name, async () => {
      const server = await startListening(implementation.command, implementation.args);
      try {
        const { summary } = await runSuite(runOptions({ target: server.url, strict: true }));
        const failures = summary.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id} ${s.status}: ${s.message}`);
        assert.deepEqual(failures, []);
        assert.equal(summary.counts.passed, summary.scenarios.length);
        assert.equal(summary.conformant, true);
      } finally {
        await server.stop();
      }
    });
  }
});
