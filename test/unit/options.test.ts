import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUDIT_USAGE, USAGE, parseAuditCommand, parseCommand, parseEnginePath, parseObserveCommand, UsageError } from '../../runner/cli/options';
import { enginePath, engineMissing } from '../../browser/engines';

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
    ['a positional argument that is not a command', ['http://h/'], /unknown command "http:\/\/h\/" \(the commands are: steps, audit, observe; everything else is a --flag\)/],
    ['a flag with no --features', ['--with-contract'], /--with-contract adds the contract's features to --features PATH/],
  ];
  for (const [what, argv, message] of bad) {
    it(`refuses ${what}`, () => assert.throws(() => parseCommand(argv), (e: unknown) => e instanceof UsageError && message.test(e.message)));
  }
  it('never repeats a header value in its error', () =>
    assert.throws(() => parseCommand(['--header', 'X-A: secret\nvalue']), (e: Error) => !e.message.includes('secret')));
});

describe('--chromium-path and --firefox-path', () => {
  // Any file stands in for a browser: the flag checks that it is there, not what it is.
  const dir = mkdtempSync(path.join(tmpdir(), 'rc-engines-'));
  const chromium = path.join(dir, 'chrome');
  const firefox = path.join(dir, 'firefox');
  writeFileSync(chromium, '');
  writeFileSync(firefox, '');
  const audit = (...argv: string[]) => {
    const command = parseAuditCommand(['--target', 'http://h:1', '--origin', 'https://a.example', '--route', 'GET /', ...argv]);
    return command.kind === 'audit' ? command.options : assert.fail();
  };

  it('are left out by default: the engines are found as before', () => {
    assert.equal(run().chromiumPath, undefined);
    assert.equal(run().firefoxPath, undefined);
  });
  it('name the executables for the suite', () => {
    const options = run('--chromium-path', chromium, '--firefox-path', firefox);
    assert.equal(options.chromiumPath, chromium);
    assert.equal(options.firefoxPath, firefox);
  });
  it('name the executables for the audit, from the same schema', () => {
    const options = audit('--chromium-path', chromium, '--firefox-path', firefox);
    assert.equal(options.chromiumPath, chromium);
    assert.equal(options.firefoxPath, firefox);
  });
  it('resolve a relative path against the working directory', () => assert.equal(parseEnginePath('chromium', 'chrome', dir), chromium));

  const refused: [string, () => unknown, RegExp][] = [
    ['a Chromium that is not there', () => run('--chromium-path', '/nonexistent/chromium'), /^--chromium-path \/nonexistent\/chromium: no such file; give the path of Chromium's executable/],
    ['a Firefox that is not there', () => run('--firefox-path', '/nonexistent/firefox'), /^--firefox-path \/nonexistent\/firefox: no such file; give the path of Firefox's executable/],
    ['a folder for a browser', () => run('--chromium-path', dir), /^--chromium-path .*: a folder, not the browser's executable/],
    ['an audit\'s Chromium that is not there', () => audit('--chromium-path', '/nonexistent/chromium'), /^--chromium-path \/nonexistent\/chromium: no such file/],
    ['a relative path that is not there, saying where it looked', () => parseEnginePath('firefox', 'nope', dir), new RegExp(`^--firefox-path nope: no such file \\(looked for ${path.join(dir, 'nope').replace(/[/.]/g, '\\$&')}\\)`)],
  ];
  for (const [what, parse, message] of refused) {
    it(`refuse ${what}: a usage error naming the flag and the path`, () => assert.throws(parse, (e: unknown) => e instanceof UsageError && message.test(e.message)));
  }

  it('are documented in the usage of the suite and of the audit', () => {
    for (const usage of [USAGE, AUDIT_USAGE]) {
      assert.match(usage, /^  --chromium-path PATH/m);
      assert.match(usage, /^  --firefox-path PATH/m);
      assert.match(usage, /\$CHROMIUM_PATH/);
    }
  });
});

describe('where an engine is looked for', () => {
  const env = { CHROMIUM_PATH: '/from/env/chromium', FIREFOX_PATH: '/from/env/firefox' };
  const given = { chromium: '/from/flag/chromium', firefox: '/from/flag/firefox' };

  it('the run\'s path (its flag) wins over the environment variable', () => {
    assert.equal(enginePath('chromium', given, env), '/from/flag/chromium');
    assert.equal(enginePath('firefox', given, env), '/from/flag/firefox');
  });
  it('the environment variable wins over Debian\'s default', () => {
    assert.equal(enginePath('chromium', {}, env), '/from/env/chromium');
    assert.equal(enginePath('firefox', {}, env), '/from/env/firefox');
  });
  it('Debian\'s default without either (an empty variable counts as none)', () => {
    assert.match(enginePath('chromium', {}, { CHROMIUM_PATH: '' }), /^\/usr\/bin\/chromium(-headless-shell)?$/);
    assert.equal(enginePath('firefox', {}, {}), '/usr/bin/firefox-esr');
  });
  it('an engine a run left out goes to the variable, whatever another run gave', () => {
    assert.equal(enginePath('chromium', { firefox: '/from/flag/firefox' }, env), '/from/env/chromium');
    assert.equal(enginePath('firefox', { firefox: '/from/flag/firefox' }, env), '/from/flag/firefox');
  });
  it('what a missing engine says names the run\'s path, and only that run\'s', () => {
    assert.match(engineMissing('chromium', { chromium: '/from/flag/chromium' }), /^no Chromium at \/from\/flag\/chromium \(.*pass --chromium-path or set CHROMIUM_PATH\)$/);
    assert.doesNotMatch(engineMissing('chromium'), /\/from\/flag\/chromium/);
  });
});

describe('observe command-line options', () => {
  it('reads --listen as loopback unless a host is named, and takes the command after --', () => {
    const parsed = parseObserveCommand(['--target', 'http://127.0.0.1:8000', '--listen', '8001', '--', 'npx', 'playwright', 'test', '--project', 'chromium']);
    assert.equal(parsed.kind, 'observe');
    if (parsed.kind !== 'observe') return;
    assert.equal(parsed.options.listenHost, '127.0.0.1');
    assert.equal(parsed.options.listenPort, 8001);
    assert.deepEqual(parsed.command, ['npx', 'playwright', 'test', '--project', 'chromium']);
    const wide = parseObserveCommand(['--target', 'http://127.0.0.1:8000', '--listen', '0.0.0.0:8001']);
    assert.equal(wide.kind === 'observe' && wide.options.listenHost, '0.0.0.0');
    const v6 = parseObserveCommand(['--target', 'http://127.0.0.1:8000', '--listen', '[::1]:0']);
    assert.equal(v6.kind === 'observe' && v6.options.listenHost, '::1');
  });
  const bad: [string, string[], RegExp][] = [
    ['no --target', [], /observe needs --target URL/],
    ['a --listen that is no port', ['--target', 'http://h/', '--listen', 'eighty'], /--listen takes PORT or HOST:PORT/],
    ['a port past 65535', ['--target', 'http://h/', '--listen', '70000'], /--listen takes PORT or HOST:PORT/],
    ['a --max-body that is not a number', ['--target', 'http://h/', '--max-body', '1MB'], /--max-body must be a whole number/],
    ['a word before --', ['--target', 'http://h/', 'npx'], /the command to run goes after --/],
    ['-- with nothing after it', ['--target', 'http://h/', '--'], /-- is followed by the command to run/],
    ['--har with --listen', ['--target', 'http://h/', '--har', 'x.har', '--listen', '8001'], /--listen has nothing to do/],
    ['a flag only the audit takes', ['--target', 'http://h/', '--unsafe'], /Unknown option '--unsafe'/],
  ];
  for (const [what, argv, message] of bad) {
    it(`refuses ${what}`, () => assert.throws(() => parseObserveCommand(argv), (e: unknown) => e instanceof UsageError && message.test(e.message)));
  }
});
