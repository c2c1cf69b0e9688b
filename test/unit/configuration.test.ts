/**
 * One option schema (runner/configuration/): the command line and the API
 * load the same configuration, refuse the same values with the same
 * message, and take what is left out from the same defaults; the usage and
 * the guides' flag tables are made from the schema.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_AUDIT_OPTIONS, DEFAULT_RUN_OPTIONS, UsageError, flagsOf, loadAuditConfiguration, loadRunConfiguration, type AuditGiven, type RunGiven } from '../../runner/configuration';
import { parseAuditCommand, parseCommand } from '../../runner/cli/options';
import { AUDIT_USAGE, FLAGS_GUIDES, USAGE, flagHead, withFlagsTable } from '../../runner/cli/usage';
import { runAudit, runSuite } from '../../runner/api';
import { ROOT } from '../../scripts/support/processes';

/** The message a call refuses with, as a UsageError; fails the test if it does not refuse so. */
function refusal(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof UsageError, `not a UsageError: ${String(error)}`);
    return error.message;
  }
  return assert.fail('accepted');
}

const AUDIT = ['--target', 'http://127.0.0.1:8000', '--origin', 'https://shop.example'];
const AUDIT_GIVEN = { target: 'http://127.0.0.1:8000', origin: 'https://shop.example' };

describe('a run: the API refuses what the command line refuses, with the same message', () => {
  const cases: [string, string[], RunGiven][] = [
    ['an origin with a path', ['--origin', 'https://app.example/'], { origin: 'https://app.example/' }],
    ['an origin that is not one', ['--origin', 'frontend'], { origin: 'frontend' }],
    ['a target that is not an absolute URL', ['--target', 'localhost:8000'], { target: 'localhost:8000' }],
    ['a target with a query', ['--target', 'http://h/?a=1'], { target: 'http://h/?a=1' }],
    ['a zero timeout', ['--timeout', '0'], { timeoutMs: 0 }],
    ['a fractional timeout', ['--timeout', '1.5'], { timeoutMs: 1.5 }],
    ['a header without a name', ['--header', 'X A: 1'], { headers: ['X A: 1'] }],
    ['a header pair without a name', ['--header', ': 1'], { headers: [['', '1']] }],
    ['a header value with CR LF', ['--header', 'X-A: 1\r\nX-B: 2'], { headers: [['X-A', '1\r\nX-B: 2']] }],
    ['too many retries', ['--retries', '11'], { retries: 11 }],
    ['too many shards', ['--parallel', '17'], { parallel: 17 }],
    ['too long a wait', ['--wait', '601'], { waitMs: 601_000 }],
    ['an engine it does not know', ['--browsers', 'safari'], { browsers: ['safari' as never] }],
    ['--browsers with --no-browser', ['--browsers', 'firefox', '--no-browser'], { browsers: ['firefox'], browser: 'off' }],
    ['a Chromium that is not there', ['--chromium-path', '/nonexistent/chromium'], { chromiumPath: '/nonexistent/chromium' }],
    ['a Firefox that is a folder', ['--firefox-path', '/tmp'], { firefoxPath: '/tmp' }],
    ['--with-contract without --features', ['--with-contract'], { withContract: true }],
    ['an empty --openapi', ['--openapi', ''], { openapi: '' }],
  ];
  for (const [what, argv, given] of cases) {
    it(`refuses ${what}`, () => assert.equal(refusal(() => loadRunConfiguration(given)), refusal(() => parseCommand(argv))));
  }
  it('the origin the maintainer found accepted unchecked is refused, saying what was meant', () => assert.match(refusal(() => loadRunConfiguration({ origin: 'https://app.example/' })), /^--origin: .*did you mean "https:\/\/app\.example"/));
  it('refuses an option a run does not take, naming it', () => assert.match(refusal(() => loadRunConfiguration({ tragets: 'http://h' } as RunGiven)), /^"tragets" is not an option of a run; its options are target, origin, /));
  it('refuses an audit\'s option in a run', () => assert.match(refusal(() => loadRunConfiguration({ routes: [] } as RunGiven)), /^"routes" is not an option of a run/));
});

describe('a run: what is left out takes the same default', () => {
  it('no options are the command line with no flags, and DEFAULT_RUN_OPTIONS', () => {
    const command = parseCommand([]);
    assert.deepEqual(loadRunConfiguration({}), command.kind === 'run' ? command.options : assert.fail());
    assert.deepEqual(loadRunConfiguration({}), DEFAULT_RUN_OPTIONS);
  });
  it('an option given as undefined is left out', () => assert.deepEqual(loadRunConfiguration({ target: undefined, timeoutMs: undefined }), DEFAULT_RUN_OPTIONS));
  it('the values the command line normalises, the API gets normalised too', () => {
    const options = loadRunConfiguration({ target: 'http://h:1/api/', origin: 'https://shop.example', headers: ['X-A: 1', ['Authorization', ' Bearer t ']] });
    const command = parseCommand(['--target', 'http://h:1/api/', '--origin', 'https://shop.example', '--header', 'X-A: 1', '--header', 'Authorization: Bearer t ']);
    assert.deepEqual(options, command.kind === 'run' ? command.options : assert.fail());
    assert.deepEqual([options.target, options.headers], ['http://h:1/api', [['X-A', '1'], ['Authorization', 'Bearer t']]]);
  });
  it('browsers ask for the engines, as --browsers does; an explicit browser mode stands', () => {
    assert.equal(loadRunConfiguration({ browsers: ['firefox'] }).browser, 'on');
    assert.equal(loadRunConfiguration({ browsers: ['firefox'], browser: 'auto' }).browser, 'auto');
    const command = parseCommand(['--browsers', 'firefox']);
    assert.equal(command.kind === 'run' ? command.options.browser : assert.fail(), 'on');
  });
  it('waitMs may be any whole number of milliseconds the flag\'s seconds reach', () => assert.equal(loadRunConfiguration({ waitMs: 1500 }).waitMs, 1500));
});

describe('an audit: the API refuses what the command line refuses, with the same message', () => {
  const cases: [string, string[], AuditGiven][] = [
    ['no target', ['--origin', 'https://shop.example'], { origin: 'https://shop.example' }],
    ['no origin', ['--target', 'http://127.0.0.1:8000'], { target: 'http://127.0.0.1:8000' }],
    ['an origin with a path', ['--target', 'http://127.0.0.1:8000', '--origin', 'https://app.example/'], { target: 'http://127.0.0.1:8000', origin: 'https://app.example/' }],
    ['a route in lower case', [...AUDIT, '--route', 'get /api/items'], { ...AUDIT_GIVEN, routes: ['get /api/items'] }],
    ['a route given as parts, in lower case', [...AUDIT, '--route', 'get /api/items'], { ...AUDIT_GIVEN, routes: [{ method: 'get', path: '/api/items' }] }],
    ['a route body that is not JSON', [...AUDIT, '--route', 'POST /login {nope'], { ...AUDIT_GIVEN, routes: [{ method: 'POST', path: '/login', body: '{nope' }] }],
    ['--param with --route alone', [...AUDIT, '--route', 'GET /x', '--param', 'a=1'], { ...AUDIT_GIVEN, routes: ['GET /x'], params: { a: '1' } }],
    ['--unsafe with --route alone', [...AUDIT, '--route', 'GET /x', '--unsafe'], { ...AUDIT_GIVEN, routes: ['GET /x'], unsafe: true }],
    ['a format it does not know', [...AUDIT, '--format', 'xml'], { ...AUDIT_GIVEN, format: 'xml' as never }],
    ['an engine it does not know', [...AUDIT, '--browsers', 'chromium,safari'], { ...AUDIT_GIVEN, browsers: ['chromium', 'safari' as never] }],
    ['a Chromium that is not there', [...AUDIT, '--chromium-path', '/nonexistent/chromium'], { ...AUDIT_GIVEN, chromiumPath: '/nonexistent/chromium' }],
    ['a timeout over ten minutes', [...AUDIT, '--timeout', '600001'], { ...AUDIT_GIVEN, timeoutMs: 600_001 }],
  ];
  for (const [what, argv, given] of cases) {
    it(`refuses ${what}`, () => assert.equal(refusal(() => loadAuditConfiguration(given)), refusal(() => parseAuditCommand(argv))));
  }
  it('refuses a run\'s option in an audit', () => assert.match(refusal(() => loadAuditConfiguration({ ...AUDIT_GIVEN, parallel: 2 } as AuditGiven)), /^"parallel" is not an option of an audit/));
});

describe('an audit: what is left out takes the same default', () => {
  it('target and origin alone are the command line with those two flags, and DEFAULT_AUDIT_OPTIONS', () => {
    const command = parseAuditCommand(AUDIT);
    assert.deepEqual(loadAuditConfiguration(AUDIT_GIVEN), command.kind === 'audit' ? command.options : assert.fail());
    assert.deepEqual(loadAuditConfiguration(AUDIT_GIVEN), { ...DEFAULT_AUDIT_OPTIONS, ...AUDIT_GIVEN });
  });
  it('routes and headers as the flags write them, or parsed; browsers as --browsers', () => {
    const options = loadAuditConfiguration({ ...AUDIT_GIVEN, routes: ['GET /a?page=1', { method: 'POST', path: '/login', body: '{"u": 1}' }], headers: ['Authorization: Bearer t'], browsers: ['chromium', 'firefox'] });
    const command = parseAuditCommand([...AUDIT, '--route', 'GET /a?page=1', '--route', 'POST /login {"u": 1}', '--header', 'Authorization: Bearer t', '--browsers', 'chromium,firefox']);
    assert.deepEqual(options, command.kind === 'audit' ? command.options : assert.fail());
    assert.equal(options.browser, 'on');
  });
});

describe('runSuite and runAudit, through the configuration', () => {
  const same = (message: string) => (error: unknown) => error instanceof UsageError && error.message === message;
  it('runSuite rejects an origin with a path, as the command does, before anything runs', () =>
    assert.rejects(runSuite({ origin: 'https://app.example/' }), same(refusal(() => parseCommand(['--origin', 'https://app.example/'])))));
  it('runAudit rejects it too, with the same message', () =>
    assert.rejects(runAudit({ target: 'http://127.0.0.1:9', origin: 'https://app.example/' }), same(refusal(() => parseAuditCommand(['--target', 'http://127.0.0.1:9', '--origin', 'https://app.example/'])))));
  it('runAudit takes browsers, and refuses one it does not know as --browsers does', () =>
    assert.rejects(runAudit({ ...AUDIT_GIVEN, browsers: ['lynx' as never] }), same(refusal(() => parseAuditCommand([...AUDIT, '--browsers', 'lynx'])))));
});

describe('the usage and the guides, made from the schema', () => {
  for (const [command, usage, other] of [['run', USAGE, AUDIT_USAGE], ['audit', AUDIT_USAGE, USAGE]] as const) {
    it(`the ${command} usage lists each of its flags once, with what it takes, and its help`, () => {
      for (const flag of flagsOf(command)) {
        const lines = usage.split('\n').filter((line) => line.startsWith(`  ${flagHead(flag)} `) || line === `  ${flagHead(flag)}`);
        assert.equal(lines.length, 1, `${flagHead(flag)} in the ${command} usage`);
        assert.ok(usage.replace(/\s+/g, ' ').includes(flag.help[command]!.replace(/\s+/g, ' ')), `the help of ${flagHead(flag)}`);
      }
    });
    it(`the ${command} usage lists no flag only the other command takes`, () => {
      const own = new Set(flagsOf(command).map((f) => f.name));
      const foreign = flagsOf(command === 'run' ? 'audit' : 'run').filter((f) => !own.has(f.name));
      for (const flag of foreign) assert.doesNotMatch(usage, new RegExp(`^  --${flag.name}\\b`, 'm'));
      assert.notEqual(usage, other);
    });
  }
  it('no line of a flag\'s help is wider than 99 columns', () => {
    for (const line of [...USAGE.split('\n'), ...AUDIT_USAGE.split('\n')].filter((l) => /^  (--| {20})/.test(l))) assert.ok(line.length <= 99, line);
  });
  it('a quoted example is never broken across lines', () => {
    assert.match(USAGE, /^ {22}"@MUST and not @id:cors-3"$/m);
    assert.match(AUDIT_USAGE, /'POST \/api\/login \{"username": "alice"\}'/);
  });
  for (const command of ['run', 'audit', 'observe'] as const) {
    it(`${FLAGS_GUIDES[command]}'s flag table is the schema's (run \`npm run tables\` after changing an option)`, () => {
      const guide = readFileSync(path.join(ROOT, FLAGS_GUIDES[command]), 'utf8');
      assert.equal(guide, withFlagsTable(guide, command));
      for (const flag of flagsOf(command)) assert.ok(guide.includes(`| \`${flagHead(flag).replace(/\|/g, '\\|')}\` |`), `${flagHead(flag)} in ${FLAGS_GUIDES[command]}`);
    });
  }
});
