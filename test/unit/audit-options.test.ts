/** The audit's flags that reach the document: --openapi, --param, --unsafe and --report-dir, and the mistakes each refuses. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_USAGE, UsageError, parseAuditCommand, parseParams } from '../../runner/cli/options';

const audit = (...argv: string[]) => {
  const command = parseAuditCommand(['--target', 'http://127.0.0.1:8000', '--origin', 'https://shop.example', ...argv]);
  return command.kind === 'audit' ? command.options : assert.fail();
};
const refuses = (argv: string[], message: string) => assert.throws(() => audit(...argv), (e: unknown) => e instanceof UsageError && e.message === message);

describe('the audit with a document', () => {
  it('needs no --route: it reads <target>/openapi.json', () => {
    const options = audit();
    assert.deepEqual([options.routes, options.openapi, options.params, options.unsafe, options.reportDir], [[], undefined, {}, false, undefined]);
  });
  it('--openapi names another document, beside the --routes', () => assert.deepEqual([audit('--openapi', 'api.yaml', '--route', 'GET /x').openapi, audit('--openapi', 'api.yaml', '--route', 'GET /x').routes.length], ['api.yaml', 1]));
  it('--param NAME=VALUE, repeatable; the value may hold "="; a later one wins', () => assert.deepEqual(audit('--param', 'item_id=5', '--param', 'q=a=b', '--param', 'item_id=6').params, { item_id: '6', q: 'a=b' }));
  it('--unsafe and --report-dir', () => assert.deepEqual([audit('--unsafe').unsafe, audit('--report-dir', 'out').reportDir], [true, 'out']));
  it('--param without "=" is refused', () => refuses(['--param', 'item_id'], '--param must look like NAME=VALUE or "METHOD /path/{template}:NAME=VALUE", such as --param item_id=5 or --param "GET /api/items/{item_id}:item_id=5" (got "item_id")'));
  it('--param with a space in its name that is no "METHOD /path:NAME" is refused', () => refuses(['--param', 'GET /api/items=5'], '--param must look like NAME=VALUE or "METHOD /path/{template}:NAME=VALUE", such as --param item_id=5 or --param "GET /api/items/{item_id}:item_id=5" (got "GET /api/items=5")'));
  it('--param with no name is refused', () => assert.throws(() => parseParams(['=5']), /--param must look like NAME=VALUE/));
  it('--param with --route alone has nothing to fill in', () => refuses(['--route', 'GET /x', '--param', 'a=1'], '--param fills in the parameters of the document\'s operations; with --route alone, write the values in the route\'s path (or add --openapi)'));
  it('--unsafe with --route alone has nothing to send', () => refuses(['--route', 'GET /x', '--unsafe'], '--unsafe sends the document\'s POST, PUT, PATCH and DELETE operations; a --route is sent as given, whatever its method (add --openapi to audit the document too)'));
  it('--route alone reads no document, as before', () => assert.equal(audit('--route', 'GET /x').openapi, undefined));
  it('every flag is in the usage', () => {
    for (const flag of ['--openapi FILE|URL', '--param NAME=VALUE', '--unsafe', '--report-dir DIR']) assert.match(AUDIT_USAGE, new RegExp(`^  ${flag.replace(/[|]/g, '\\|')}`, 'm'));
  });
});
