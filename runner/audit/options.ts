/** `response-conformance audit`: its flags, their defaults, and the usage errors that exit 2. */
import { parseArgs } from 'node:util';
import { UsageError, parseHeader, parseOrigin, parseTarget, parseTimeout } from '../options';
import { ParameterError, parseEndpoint } from '../../steps/support/parameter-parsers';
import type { AuditRoute } from './inspect';

export interface AuditOptions {
  readonly target: string;
  readonly origin: string;
  readonly routes: readonly AuditRoute[];
  /** Headers the frontend's script sends with every request (Authorization, say): they count for the preflight. */
  readonly headers: readonly (readonly [string, string])[];
  readonly format: 'text' | 'json';
  readonly writeFeature?: string;
  readonly timeoutMs: number;
  readonly insecure: boolean;
  /** Chromium's second opinion: when installed (auto), required (on) or not asked (off). */
  readonly browser: 'auto' | 'on' | 'off';
}

export const AUDIT_USAGE = `usage: response-conformance audit --target URL --origin ORIGIN --route "METHOD /path" [--route ...] [options]

Shows, route by route, what a script on ORIGIN gets from the API with credentials
(cookies), judged by the Fetch model and by Chromium when it is installed: the status,
whether the response is granted (with and without credentials, and why not), every
header marked readable or hidden, every cookie with its attributes, and the CORS and
cookie mistakes found, each with an id, a level and what to change.

  --target URL          base URL of the API (a path prefix is kept)
  --origin ORIGIN       the frontend's origin, e.g. https://shop.example
  --route "M /path"     a route to audit, with an optional query and an optional JSON body
                        after the path: 'POST /api/login {"username": "alice"}' (repeatable)
  --header "N: v"       a header the frontend's script sends with every request, e.g.
                        Authorization (repeatable; it counts for the preflight); never printed
  --format text|json    a terminal table (default) or JSON
  --write-feature FILE  write a starter feature pinning today's picture, for --features
  --timeout MS          per-request timeout in milliseconds (default 5000)
  --insecure            accept the API's TLS certificate even if it is self-signed or invalid
  --browser             require Chromium's opinion (fail when it is missing)
  --no-browser          judge by the Fetch model alone

Exit status: 0 no MUST finding, 1 a MUST finding, 2 usage error or the API could not be judged.
`;

/** "GET /api/items?page=1", optionally followed by a JSON body. */
export function parseRoute(text: string): AuditRoute {
  const match = /^(\S+) (\S+)(?: (.+))?$/s.exec(text.trim());
  try {
    if (match === null) throw new ParameterError(`"${text}" is not a route: write the method and the path, such as "GET /api/items?page=1"`);
    const endpoint = parseEndpoint(`${match[1]} ${match[2]}`);
    const body = match[3];
    if (body !== undefined) {
      try {
        JSON.parse(body);
      } catch (error) {
        throw new ParameterError(`"${text}": the body after the path must be JSON (${(error as Error).message})`);
      }
    }
    return body === undefined ? endpoint : { ...endpoint, body };
  } catch (error) {
    if (error instanceof ParameterError) throw new UsageError(`--route ${error.message}`);
    throw error;
  }
}

export function parseAuditCommand(argv: readonly string[]): { kind: 'help' } | { kind: 'audit'; options: AuditOptions } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string' },
        origin: { type: 'string' },
        route: { type: 'string', multiple: true, default: [] },
        header: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', default: 'text' },
        'write-feature': { type: 'string' },
        timeout: { type: 'string', default: '5000' },
        insecure: { type: 'boolean', default: false },
        browser: { type: 'boolean', default: false },
        'no-browser': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (values.target === undefined) throw new UsageError('audit needs --target URL, the API to audit');
  if (values.origin === undefined) throw new UsageError('audit needs --origin ORIGIN, the origin of the frontend whose view to show');
  if (values.route.length === 0) throw new UsageError('audit needs at least one --route "METHOD /path"');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format is text or json, got "${values.format}"`);
  if (values.browser && values['no-browser']) throw new UsageError('--browser and --no-browser contradict each other');
  return {
    kind: 'audit',
    options: {
      target: parseTarget(values.target),
      origin: parseOrigin(values.origin),
      routes: values.route.map(parseRoute),
      headers: values.header.map(parseHeader),
      format: values.format,
      writeFeature: values['write-feature'],
      timeoutMs: parseTimeout(values.timeout),
      insecure: values.insecure,
      browser: values.browser ? 'on' : values['no-browser'] ? 'off' : 'auto',
    },
  };
}
