import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommand, UsageError } from '../../runner/cli/options';

const run = (...argv: string[]) => {
  const command = parseCommand(argv);
  assert.equal(command.kind, 'run');
  return command.kind === 'run' ? command.options : assert.fail();
};

describe('command-line options', () => {
  it('defaults: the reference server, the documented origin, 5000 ms, reports/', () => {
    const options = run();
    assert.equal(options.target, undefined);
    assert.equal(options.origin, 'https://frontend.example');
    assert.equal(options.timeoutMs, 5000);
    assert.equal(options.reportDir, 'reports');
    assert.equal(options.strict, false);
  });
  it('keeps a path prefix in --target and drops a trailing slash', () => assert.equal(run('--target', 'http://h:1/api/').target, 'http://h:1/api'));
  it('repeats --header', () =>
    assert.deepEqual(run('--header', 'X-A: 1', '--header', 'Authorization:Bearer t').headers, [['X-A', '1'], ['Authorization', 'Bearer t']]));
  it('--list and --help are commands', () => {
    assert.equal(parseCommand(['--list']).kind, 'list');
    assert.equal(parseCommand(['--help']).kind, 'help');
  });
  const bad: [string, string[], RegExp][] = [
    ['a relative target', ['--target', 'localhost:8000'], /absolute http\(s\) URL/],
    ['a non-HTTP target', ['--target', 'ftp://h/'], /http or https/],
    ['a target with a query', ['--target', 'http://h/?a=1'], /query/],
    ['an origin with a path', ['--origin', 'https://a.example/'], /did you mean "https:\/\/a\.example"/],
    ['an origin that is not a URL', ['--origin', 'frontend'], /--origin: "frontend" is not an origin/],
    ['a zero timeout', ['--timeout', '0'], /--timeout/],
    ['a fractional timeout', ['--timeout', '1.5'], /--timeout/],
    ['a header without a colon', ['--header', 'X-A 1'], /Name: value/],
    ['a header value with CR LF', ['--header', 'X-A: 1\r\nX-B: 2'], /CR, LF/],
    ['an unknown flag', ['--nope'], /Unknown option/],
    ['a positional argument that is not a command', ['http://h/'], /unknown command "http:\/\/h\/" \(the commands are: steps, audit; everything else is a --flag\)/],
    ['a flag with no --features', ['--with-contract'], /--with-contract adds the contract's features to --features PATH/],
  ];
  for (const [what, argv, message] of bad) {
    it(`refuses ${what}`, () => assert.throws(() => parseCommand(argv), (e: unknown) => e instanceof UsageError && message.test(e.message)));
  }
  it('never repeats a header value in its error', () =>
    assert.throws(() => parseCommand(['--header', 'X-A: secret\nvalue']), (e: Error) => !e.message.includes('secret')));
});
