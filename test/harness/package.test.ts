/**
 * The package as users get it: `npm pack`, then the tarball installed into a
 * fresh project with `--ignore-scripts --omit=dev` (npm 11 runs no install
 * scripts of a dependency, so what runs must be in the tarball). The command
 * works, a run against the bundled reference passes, the API imports from
 * CommonJS, ESM and TypeScript, and the tarball holds no tests. A newcomer's
 * path is walked in the installed package: its README's and guides' links
 * resolve there, and the README's "three commands" do what it says against a
 * small API, run as the README gives them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/support/processes';
import { commandsIn, relativeLinks, section, shellWords } from '../support/markdown';

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function sh(command: string, args: readonly string[], cwd: string, timeoutMs = 300_000): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    // Without NODE_TEST_CONTEXT: a node --test started here reports as a run of its own, not as this run's child.
    const { NODE_TEST_CONTEXT: _ours, ...env } = process.env;
    execFile(command, [...args], { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('the package', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'rc-package-'));
  const project = path.join(work, 'project');
  let files: string[];
  let tarball: string;

  before(async () => {
    const packed = await sh('npm', ['pack', '--json', '--pack-destination', work], ROOT);
    assert.equal(packed.code, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    files = info.files.map((f) => f.path);
    tarball = path.join(work, info.filename);
    await sh('mkdir', ['-p', project], work);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'a-users-api', version: '1.0.0', private: true }));
    const installed = await sh('npm', ['install', '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund', tarball], project);
    assert.equal(installed.code, 0, installed.stderr);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('ships what runs, and no tests, examples or TypeScript sources', () => {
    for (const needed of ['bin/response-conformance.js', 'dist/runner/cli/index.js', 'dist/runner/api.js', 'dist/runner/api.d.ts', 'dist/steps/cors-exposure.steps.js', 'cucumber.js', 'features/cors-exposure.feature', 'docs/STEPS.md', 'docs/SPEC.md', 'README.md', 'LICENSE', 'CHANGELOG.md', 'action.yml']) {
      assert.ok(files.includes(needed), needed);
    }
    assert.deepEqual(files.filter((f) => /^(test|examples|scripts\/(?!action\.sh$)|reference-server|runner|steps|http)\//.test(f)), []);
    assert.deepEqual(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), []);
  });

  it('installs with --ignore-scripts --omit=dev into a working command: --help', async () => {
    const help = await sh('npx', ['--no-install', 'response-conformance', '--help'], project);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^usage: response-conformance \[options\]/);
    // Neither the compiler nor ts-node is needed, or installed.
    for (const devOnly of ['typescript', 'ts-node']) assert.throws(() => require.resolve(devOnly, { paths: [project] }), devOnly);
  });

  it('runs against the bundled reference server and passes', async () => {
    const run = await sh('npx', ['--no-install', 'response-conformance', '--report-dir', path.join(work, 'reports')], project);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^conformance: \d+ passed, 0 failed, \d+ skipped$/m);
    const summary = JSON.parse(readFileSync(path.join(work, 'reports', 'summary.json'), 'utf8'));
    assert.equal(summary.scenarios.length, 66);
  });

  it('the API imports from CommonJS and ESM, and runs the suite', async () => {
    const cjs = await sh(process.execPath, ['-e', "const { runSuite } = require('response-conformance'); runSuite({ browser: 'off' }).then((s) => console.log(s.conformant, s.counts.passed))"], project);
    assert.equal(cjs.code, 0, cjs.stderr);
    assert.equal(cjs.stdout.trim(), 'true 57');
    const esm = await sh(process.execPath, ['--input-type=module', '-e', "import { runSuite, runAudit } from 'response-conformance'; console.log(typeof runSuite, typeof runAudit)"], project);
    assert.equal(esm.code, 0, esm.stderr);
    assert.equal(esm.stdout.trim(), 'function function');
  });

  it("the README's node:test example passes in the user's project", async () => {
    for (const file of ['app.mjs', 'items.feature', 'conformance.test.mjs']) copyFileSync(path.join(ROOT, 'examples', 'node-test', file), path.join(project, file));
    const run = await sh(process.execPath, ['--test', 'conformance.test.mjs'], project);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^# pass 1$/m);
  });

  it('the API has types', async () => {
    writeFileSync(
      path.join(project, 'check.ts'),
      "import { runSuite, type Summary } from 'response-conformance';\nexport const run: Promise<Summary> = runSuite({ target: 'http://127.0.0.1:8000', features: ['features/api'], strict: true });\nexport async function ok(): Promise<boolean> {\n  return (await run).conformant;\n}\n",
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = await sh(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules', '@types'), 'check.ts'], project);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  });
  it('has no install scripts: no preinstall, install, postinstall or prepare, as the README says', () => {
    const installed = JSON.parse(readFileSync(path.join(project, 'node_modules', 'response-conformance', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    const scripts = Object.keys(installed.scripts ?? {});
    assert.deepEqual(scripts.filter((name) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(name)), []);
  });

  it("every relative link of the installed README and guides resolves inside the installed package", () => {
    const installed = path.join(project, 'node_modules', 'response-conformance');
    const links = relativeLinks(installed);
    assert.ok(links.some((l) => l.file === 'README.md') && links.some((l) => l.file.startsWith('docs/')), 'no links found');
    const broken = links.filter((l) => path.relative(installed, l.landing).startsWith('..') || !existsSync(l.landing));
    assert.deepEqual(broken.map((l) => `${l.file}:${l.line}: (${l.target}) lands on ${path.relative(installed, l.landing) || '.'}, not in the installed package`), []);
  });

  /** The small API's document (OpenAPI 3.1): GET /api/items, a list of items, with X-Total-Count declared. */
  const SMALL_API_DOCUMENT = {
    openapi: '3.1.0',
    info: { title: 'A small API', version: '1.0.0' },
    paths: {
      '/api/items': {
        get: {
          operationId: 'list_items',
          responses: {
            '200': {
              description: 'The items',
              headers: { 'X-Total-Count': { required: true, schema: { type: 'integer' } } },
              content: { 'application/json': { schema: { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } } } } },
            },
          },
        },
      },
    },
  };

  describe("the README's three commands, run as it gives them against a small API", () => {
    const readme = () => readFileSync(path.join(project, 'node_modules', 'response-conformance', 'README.md'), 'utf8');
    const bin = () => path.join(project, 'node_modules', '.bin', 'response-conformance');
    let api: Server;
    let commands: string[][];

    before(async () => {
      const words = commandsIn(section(readme(), 'Your own API in three commands'), 'npx response-conformance').map(shellWords);
      const origin = words[0][words[0].indexOf('--origin') + 1];
      api = createServer((request, response) => {
        // An API that grants its frontend's origin, and no other, as the README's reader has.
        const granted = request.headers.origin === origin;
        const cors: Record<string, string> = granted ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'X-Total-Count' } : {};
        if (request.method === 'OPTIONS') return response.writeHead(204, { ...cors, vary: 'Origin', ...(granted ? { 'access-control-allow-methods': 'GET' } : {}) }).end();
        // Its OpenAPI document, as FastAPI serves one: the route, its model and its declared header.
        if (request.method === 'GET' && request.url === '/openapi.json') return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(SMALL_API_DOCUMENT));
        if (request.method !== 'GET' || request.url?.split('?')[0] !== '/api/items') return response.writeHead(404, { 'content-type': 'application/json', vary: 'Origin', ...cors }).end('{"detail":"Not Found"}');
        response.writeHead(200, { 'content-type': 'application/json', 'x-total-count': '2', vary: 'Origin', ...cors }).end('[{"id":1,"name":"tea"},{"id":2,"name":"cake"}]');
      });
      await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
      const port = (api.address() as AddressInfo).port;
      // The README's server is on port 8000; this one is wherever it could listen. `npx response-conformance` is the installed bin.
      commands = words.map((argv) => argv.slice(2).map((word) => word.replace(/^http:\/\/127\.0\.0\.1:8000\b/, `http://127.0.0.1:${port}`)));
    });
    after(() => new Promise<void>((resolve) => api.close(() => resolve())));

    it('are three: an audit from the document, the same audit with --write-feature, a run with --features and --origin', () => {
      assert.equal(commands.length, 3, readme());
      assert.deepEqual(commands.map((argv) => argv[0]), ['audit', 'audit', '--target']);
      assert.ok(!commands[0].includes('--route') && !commands[1].includes('--route'), 'the audit reads the document: no route by hand');
      assert.deepEqual(commands[1].filter((w) => w !== '--write-feature' && w !== commands[1][commands[1].indexOf('--write-feature') + 1]), commands[0], 'the second is not the first audit with --write-feature');
      assert.ok(commands[2].includes('--features') && commands[2].includes('--origin'));
    });

    it('1: the audit prints its table of what a script on the origin can read, exit 0 or 1', async () => {
      const audit = await sh(bin(), commands[0], project);
      assert.ok(audit.code === 0 || audit.code === 1, `exit ${audit.code}\n${audit.stdout}${audit.stderr}`);
      assert.match(audit.stdout, /^route\s+status\s+with credentials\s+without\s+readable\s+hidden\s+findings$/m);
      assert.match(audit.stdout, /^GET \/api\/items\s+200\s+granted\s/m);
    });

    it('2: the same audit writes the starter feature', async () => {
      const file = commands[1][commands[1].indexOf('--write-feature') + 1];
      const audit = await sh(bin(), commands[1], project);
      assert.ok(audit.code === 0 || audit.code === 1, `exit ${audit.code}\n${audit.stdout}${audit.stderr}`);
      assert.match(audit.stdout, /^GET \/api\/items\s+200\s+granted\s/m);
      assert.ok(existsSync(path.join(project, file)), `${file} was not written`);
      assert.match(readFileSync(path.join(project, file), 'utf8'), /^# A starter feature written by `response-conformance audit`/);
      assert.match(audit.stderr, new RegExp(`a starter feature pinning today's picture was written to ${file.replace(/[.]/g, '\\.')}`));
    });

    it('3: the run of your features over the written one passes: exit 0', async () => {
      const run = await sh(bin(), [...commands[2], '--report-dir', path.join(work, 'own-api-reports')], project);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^conformance: [1-9]\d* passed, 0 failed, \d+ skipped$/m);
      assert.match(run.stdout, /· scripts on \S+ \(--origin\) · fetch\(\) with(?:out)? credentials \([^)]+\)$/m);
    });
  });
});
