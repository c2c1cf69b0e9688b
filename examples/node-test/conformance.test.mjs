// Your API's conformance as a test in your own test runner (node:test here;
// vitest or jest alike): start the app on a free port, run your features
// against it, and assert the verdict.
//   node --test examples/node-test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { runSuite } from 'response-conformance';
import { createApp } from './app.mjs';

test('the API does what its features say', async () => {
  const server = createApp().listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const summary = await runSuite({
      target: `http://127.0.0.1:${server.address().port}`,
      origin: 'https://shop.example',
      features: [fileURLToPath(new URL('./items.feature', import.meta.url))],
      strict: true,
    });
    const failures = summary.scenarios.filter((s) => s.status !== 'passed');
    assert.ok(summary.conformant, failures.map((s) => `${s.id} ${s.name}: ${s.message}`).join('\n'));
  } finally {
    server.close();
  }
});
