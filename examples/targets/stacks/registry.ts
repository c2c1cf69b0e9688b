/**
 * The compatibility table's stacks: real frameworks with their own CORS and
 * cookie support, each configured as its docs say, from Debian's packages.
 * A stack that fails by default and passes once configured has two rows.
 * Every expected failure is triaged: what the stack does, the rule it breaks
 * and the change that fixes it. The matrix test holds each row to exactly
 * its expected failures, so a change in the suite that flips a cell is seen.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const DIST = '/usr/lib/python3/dist-packages';

export interface ExpectedFailure {
  readonly id: string;
  /** What the stack does. */
  readonly does: string;
  /** The rule it breaks, with its source. */
  readonly rule: string;
  /** The configuration change that fixes it, where one exists. */
  readonly fix: string | null;
}

export interface Stack {
  /** Short, stable, used in file names. */
  readonly slug: string;
  readonly name: string;
  /** How it is configured: "as its docs say", or the change that makes it pass. */
  readonly configuration: string;
  readonly source: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Debian packages whose versions the table shows. */
  readonly packages: readonly string[];
  /** npm packages (this project's dev dependencies) whose versions the table shows. */
  readonly npmPackages?: readonly string[];
  /** What must be on the machine to run it; the first missing one is the reason it is skipped. */
  readonly needs: readonly { readonly path: string; readonly install: string }[];
  /** The scenarios it fails, each triaged; empty for a stack that passes everything. */
  readonly fails: readonly ExpectedFailure[];
}

const flaskNeeds = [
  { path: `${DIST}/flask`, install: 'python3-flask' },
  { path: `${DIST}/flask_cors`, install: 'python3-flask-cors' },
];
const aiohttpNeeds = [
  { path: `${DIST}/aiohttp`, install: 'python3-aiohttp' },
  { path: `${DIST}/aiohttp_cors`, install: 'python3-aiohttp-cors' },
];
const starletteNeeds = [
  { path: `${DIST}/starlette`, install: 'python3-starlette' },
  { path: `${DIST}/uvicorn`, install: 'python3-uvicorn' },
];

const VARY = 'Fetch §3.2.3 and RFC 9110 §12.5.5: an answer that depends on the Origin must say Vary: Origin, or a cache may serve one origin\'s grant to another';

export const STACKS: readonly Stack[] = [
  {
    slug: 'flask',
    name: 'Flask + flask-cors',
    configuration: 'as its docs say: `CORS(app, origins=[origin], supports_credentials=True, expose_headers=["X-Cat-Dog"])`',
    source: 'examples/targets/stacks/flask_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/flask_app.py', '--port', '0'],
    packages: ['python3-flask', 'python3-flask-cors'],
    needs: flaskNeeds,
    fails: [
      {
        id: 'cors-3',
        does: 'grants the one allowed origin and refuses others, but sends no Vary: Origin: flask-cors adds it only when several origins (or a pattern) can match, even with vary_header=True, its default',
        rule: VARY,
        fix: 'allow-list two origins (or a regular expression), so that flask-cors sends Vary: Origin; or add Vary: Origin in an after_request hook',
      },
    ],
  },
  {
    slug: 'flask-vary',
    name: 'Flask + flask-cors',
    configuration: 'configured: an allow-list of two origins, so that flask-cors sends Vary: Origin',
    source: 'examples/targets/stacks/flask_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/flask_app.py', '--port', '0', '--vary'],
    packages: ['python3-flask', 'python3-flask-cors'],
    needs: flaskNeeds,
    fails: [],
  },
  {
    slug: 'django',
    name: 'Django + django-cors-headers',
    configuration: 'as its docs say: `CorsMiddleware` first, `CORS_ALLOWED_ORIGINS`, `CORS_ALLOW_CREDENTIALS`, `CORS_EXPOSE_HEADERS`',
    source: 'examples/targets/stacks/django_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/django_app.py', '--port', '0'],
    packages: ['python3-django', 'python3-django-cors-headers'],
    needs: [
      { path: `${DIST}/django`, install: 'python3-django' },
      { path: `${DIST}/corsheaders`, install: 'python3-django-cors-headers' },
      { path: `${DIST}/uvicorn`, install: 'python3-uvicorn' },
    ],
    fails: [],
  },
  {
    slug: 'aiohttp',
    name: 'aiohttp + aiohttp-cors',
    configuration: 'as its docs say: `aiohttp_cors.setup(app, defaults={origin: ResourceOptions(allow_credentials=True, expose_headers=("X-Cat-Dog",), allow_headers="*")})`, every route added',
    source: 'examples/targets/stacks/aiohttp_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/aiohttp_app.py', '--port', '0'],
    packages: ['python3-aiohttp', 'python3-aiohttp-cors'],
    needs: aiohttpNeeds,
    fails: [
      {
        id: 'cors-3',
        does: 'grants the allowed origin and refuses others, but never sends Vary: Origin: aiohttp-cors 0.7 has no option for it',
        rule: VARY,
        fix: 'add Vary: Origin to answers to requests with an Origin, in an on_response_prepare signal',
      },
    ],
  },
  {
    slug: 'aiohttp-vary',
    name: 'aiohttp + aiohttp-cors',
    configuration: 'configured: an on_response_prepare signal adds Vary: Origin',
    source: 'examples/targets/stacks/aiohttp_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/aiohttp_app.py', '--port', '0', '--vary'],
    packages: ['python3-aiohttp', 'python3-aiohttp-cors'],
    needs: aiohttpNeeds,
    fails: [],
  },
  {
    slug: 'starlette',
    name: 'Starlette (alone) + its CORSMiddleware',
    configuration: 'as its docs say: `CORSMiddleware(allow_origins=[origin], allow_credentials=True, allow_methods=["*"], allow_headers=["*"], expose_headers=["X-Cat-Dog"])`',
    source: 'examples/targets/stacks/starlette_app.py',
    command: PYTHON,
    args: ['examples/targets/stacks/starlette_app.py', '--port', '0'],
    packages: ['python3-starlette', 'python3-uvicorn'],
    needs: starletteNeeds,
    fails: [],
  },
  {
    slug: 'koa',
    name: 'Koa + @koa/cors',
    configuration: 'as its docs say: `cors({ origin, credentials: true, exposeHeaders: ["X-Cat-Dog"] })`, routes on @koa/router, Koa\'s own cookie defaults',
    source: 'examples/targets/stacks/koa_app.js',
    command: process.execPath,
    args: ['examples/targets/stacks/koa_app.js', '--port', '0'],
    packages: [],
    npmPackages: ['koa', '@koa/cors', '@koa/router'],
    needs: ['koa', '@koa/cors', '@koa/router'].map((pkg) => ({ path: path.join(__dirname, '..', '..', '..', 'node_modules', pkg), install: `${pkg} (npm ci)` })),
    fails: [],
  },
  {
    slug: 'nginx',
    name: 'nginx, adding CORS in front of a backend without it',
    configuration: 'as production guides do: a `map` allow-list of origins, `add_header … always`, preflights answered by nginx',
    source: 'examples/targets/stacks/nginx_proxy.py',
    command: PYTHON,
    args: ['examples/targets/stacks/nginx_proxy.py', '--port', '0'],
    packages: ['nginx', 'python3-starlette'],
    needs: [{ path: '/usr/sbin/nginx', install: 'nginx' }, ...starletteNeeds],
    fails: [],
  },
];

/** Why the stack cannot run here, or null. */
export function stackMissing(stack: Stack): string | null {
  const missing = stack.needs.filter((need) => !existsSync(need.path));
  return missing.length === 0 ? null : `not installed: ${missing.map((m) => m.install).join(', ')} (scripts/install.sh installs them)`;
}
