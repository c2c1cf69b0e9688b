/**
 * The import rule of the house (.dependency-cruiser.js): the layers run one
 * way, bin → runner → steps → browser → http, with reference-server beside
 * http. The tree as it is keeps it, and each kind of upward import planted
 * in a copy of it fails with the file, the line and the rule.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAYERED, checkLayers, formatViolation } from '../../scripts/layers';
import { ROOT } from '../../scripts/support/processes';

/** A copy of the layered folders and the rule, sharing this checkout's node_modules. */
function copyOfTheTree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rc-layers-'));
  for (const entry of [...LAYERED, 'test/support', 'tsconfig.json', '.dependency-cruiser.js', 'package.json']) cpSync(path.join(ROOT, entry), path.join(root, entry), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

describe('the import rule', () => {
  it('holds for the tree as it is', () => {
    const { violations, cruised } = checkLayers(ROOT);
    assert.deepEqual(violations.map(formatViolation), []);
    assert.ok(cruised >= 60, `only ${cruised} modules cruised: is the rule looking at the code?`);
  });

  const planted: [string, string, string, string][] = [
    ['the domain importing the runner', 'http/origin.ts', "import '../runner/configuration';", 'http-not-to-upper-layer'],
    ['the browser layer importing a step', 'browser/engines.ts', "import '../steps/support/world';", 'browser-not-to-upper-layer'],
    ['the document layer importing the audit', 'openapi/pointer.ts', "import '../runner/audit/explain';", 'openapi-not-to-upper-layer'],
    ['the document layer importing the rules', 'openapi/pointer.ts', "import '../rules/catalogue';", 'openapi-not-to-upper-layer'],
    ['the rules importing the audit', 'rules/origins.ts', "import '../runner/audit/explain';", 'rules-not-to-upper-layer'],
    ['a step asking the Fetch model for a verdict itself', 'steps/status-codes.steps.ts', "import { corsCheck } from '../http/fetch-model'; void corsCheck;", 'verdicts-from-rules'],
    ['the audit asking the Fetch model for a verdict itself', 'runner/audit/feature.ts', "import { preflightVerdict } from '../../http/fetch-model'; void preflightVerdict;", 'verdicts-from-rules'],
    ['a step importing the runner', 'steps/status-codes.steps.ts', "import '../runner/run/summary';", 'steps-not-to-upper-layer'],
    ['the runner reaching into steps/support', 'runner/run/collector.ts', "import '../../steps/support/contract';", 'runner-only-to-the-vocabulary'],
    ['the run importing the command line', 'runner/run/gate.ts', "import '../cli/terminal';", 'cli-is-thin'],
    ['the configuration importing the command line', 'runner/configuration/load.ts', "import '../cli/usage';", 'cli-is-thin'],
    ['the configuration importing a room of the runner', 'runner/configuration/defaults.ts', "import '../run/summary';", 'configuration-below-the-rooms'],
    ['the reference server importing a step', 'reference-server/routes/headers.ts', "import '../../steps/support/contract';", 'reference-server-beside-http'],
    ['shipped code importing a test', 'http/json-body.ts', "import '../test/support/bounds';", 'shipped-code-not-to-repository-only'],
  ];
  for (const [what, file, statement, rule] of planted) {
    describe(what, () => {
      let violations: ReturnType<typeof checkLayers>['violations'];
      before(() => {
        const root = copyOfTheTree();
        appendFileSync(path.join(root, file), `\n${statement}\n`);
        violations = checkLayers(root).violations;
      });
      it(`fails as ${rule}, naming ${file} and the line of the import`, () => {
        const found = violations.filter((v) => v.file === file && v.rule === rule);
        assert.equal(found.length, 1, violations.map(formatViolation).join('\n'));
        assert.ok(found[0].line > 0, 'the line of the import is found');
        assert.match(formatViolation(found[0]), new RegExp(`^${file.replace(/\./g, '\\.')}:${found[0].line}: ${rule}: imports `));
      });
    });
  }

  it('a cycle fails as no-circular', () => {
    const root = copyOfTheTree();
    appendFileSync(path.join(root, 'http/target.ts'), "\nimport './client';\n");
    const found = checkLayers(root).violations.filter((v) => v.rule === 'no-circular');
    assert.ok(found.some((v) => v.file === 'http/target.ts' || v.file === 'http/client.ts'), found.map(formatViolation).join('\n'));
  });
});
