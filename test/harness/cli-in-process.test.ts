/**
 * The command line is thin over the API and takes its streams: a test (or a
 * tool) drives it in process, as cucumber-js's own CLI is driven, and reads
 * exactly what a person would see, without spawning a process.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { exitStatusOf, main, type CliStreams } from '../../runner/cli/index';
import { USAGE } from '../../runner/cli/options';
import { readSummary, reportDir } from '../support/cli';
import { hangingServer } from '../support/hostile-servers';

function captured(): CliStreams & { out: () => string; err: () => string } {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) => new Writable({ write: (chunk, _encoding, done) => (into.push(String(chunk)), done()) });
  return { stdout: sink(chunks.out), stderr: sink(chunks.err), env: { NO_COLOR: '1' }, out: () => chunks.out.join(''), err: () => chunks.err.join('') };
}

describe('the command line, driven in process with its streams passed in', () => {
  it('--help writes the usage to the given stdout and exits 0', async () => {
    const io = captured();
    assert.equal(await main(['--help'], io), 0);
    assert.equal(io.out(), USAGE);
    assert.equal(io.err(), '');
  });

  it('a usage error goes to the given stderr with the usage, exit 2', async () => {
    const io = captured();
    assert.equal(await main(['--timeout', 'soon'], io), 2);
    assert.equal(io.out(), '');
    assert.equal(io.err(), `response-conformance: --timeout must be a whole number of milliseconds from 1 to 600000, got "soon"\n\n${USAGE}`);
  });

  it('a run against the bundled reference server reports to the given stdout, with the closing line', async () => {
    const io = captured();
    const code = await main(['--tags', '@id:cookies-1 or @id:cors-1', '--no-browser', '--report-dir', reportDir()], io);
    assert.equal(code, 0, io.out() + io.err());
    assert.match(io.out(), /^target: http:\/\/127\.0\.0\.1:\d+ \(bundled reference server\)/m);
    assert.match(io.out(), /^conformance: 2 passed, 0 failed, 0 skipped$/m);
    assert.equal(process.listenerCount('SIGINT'), 0, 'the run leaves no signal handler behind');
  });
});

describe('a signal stops the run, and the exit status is the signal\'s', () => {
  it('128 and the signal\'s number, as a shell reports it', () => assert.deepEqual([exitStatusOf('SIGINT'), exitStatusOf('SIGTERM')], [130, 143]));

  for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} while the run waits on a silent target: exit ${status}, the summary marked interrupted by ${signal}`, async () => {
      const server = await hangingServer();
      try {
        const io = captured();
        const dir = reportDir();
        const running = main(['--target', server.url, '--tags', '@id:cookies-1', '--no-browser', '--timeout', '60000', '--report-dir', dir], io);
        // The signal goes to the command's own handler, once it listens: the test process is not stopped by it.
        while (process.listenerCount(signal) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        process.emit(signal, signal);
        assert.equal(await running, status, io.out() + io.err());
        assert.equal(readSummary(dir).interrupted, true);
        assert.match(readSummary(dir).error, new RegExp(`interrupted by ${signal}`));
        assert.equal(process.listenerCount(signal), 0, 'the run leaves no signal handler behind');
      } finally {
        await server.close();
      }
    });
  }
});
