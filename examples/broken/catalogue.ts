/**
 * The catalogue of deliberately broken servers: one fault each, each naming
 * the contract row it breaks and exactly the scenarios that must fail
 * because of it. test/harness/broken-servers.test.ts holds the suite to
 * that: every listed scenario fails, and no other.
 */
import { editJson, removeHeader, requestHeader, setHeader, type Fault, type ProxiedRequest } from './fault-proxy';
import { fieldValues, listElements } from '../../http/header-list';
import { DEFAULTS } from '../../http/defaults';

export interface BrokenServer {
  /** Stable name, e.g. "cookies-folded". */
  readonly name: string;
  /** What is wrong, in one sentence. */
  readonly breaks: string;
  /** The row of the contract table it breaks. */
  readonly row: string;
  /** Scenario ids that must fail against it, and only these. */
  readonly fails: readonly string[];
  readonly fault: Fault;
}

/** The answer's Vary, less Origin (the field goes when nothing else is left in it). */
function withoutVaryOrigin(res: Parameters<Fault>[1]): void {
  const rest = listElements(res.headers, 'Vary').filter((item) => item.toLowerCase() !== 'origin');
  removeHeader(res, 'Vary');
  if (rest.length > 0) res.headers.push(['Vary', rest.join(', ')]);
}

const on = (request: ProxiedRequest, method: string, path: string) => request.method === method && request.path.split('?')[0] === path;
const isTask = (request: ProxiedRequest) => request.method === 'PUT' && request.path.startsWith('/get-or-create-task/');
const ALL_GRANTED_READS = ['cors-1', 'cors-4', 'cors-5', 'cors-6', 'cors-7', 'cors-8', 'cors-9', 'cors-10', 'cors-11', 'cors-12', 'cors-13', 'cors-14'];
const EXPOSURE = ['cors-2', 'cors-4', 'cors-5', 'cors-8', 'cors-9'];

/**
 * The @browser scenarios ask the questions of cors-exposure scenarios in a
 * real browser, so a fault fails a browser scenario exactly when it fails the
 * model scenario it mirrors: that is the model and the browser agreeing.
 */
const BROWSER_MIRRORS: readonly [browser: string, failsWhenAnyOf: readonly string[]][] = [
  ['browser-1', ['cors-5']],
  ['browser-2', ['cors-6']],
  ['browser-3', ['cors-4']],
  ['browser-4', ['cors-9']],
  ['browser-5', ['cors-7']],
  ['browser-6', ['cors-10']],
  ['browser-7', ['cors-14']],
  ['browser-8', ['cors-13', 'status-3']], // a new task: its preflight, then its 201
  ['browser-9', ['cors-15', 'cors-16']],
];

function withBrowserMirrors(fails: readonly string[]): string[] {
  const mirrored = BROWSER_MIRRORS.filter(([, when]) => when.some((id) => fails.includes(id))).map(([browser]) => browser);
  return [...fails, ...mirrored];
}

const CATALOGUE: readonly BrokenServer[] = [
  // Headers on the temporal response
  {
    name: 'temporal-header-missing',
    breaks: 'X-Cat-Dog set on the temporal response is lost',
    row: 'GET /headers-and-object/',
    fails: ['headers-1', 'cors-4'],
    fault: (req, res) => on(req, 'GET', '/headers-and-object/') && removeHeader(res, 'X-Cat-Dog'),
  },
  {
    name: 'temporal-header-misspelt',
    breaks: 'the header is sent as X-Cat-Dogs',
    row: 'GET /headers-and-object/',
    fails: ['headers-1', 'cors-4'],
    fault: (req, res) => {
      if (!on(req, 'GET', '/headers-and-object/')) return;
      res.headers = res.headers.map(([n, v]) => (n.toLowerCase() === 'x-cat-dog' ? ['X-Cat-Dogs', v] : [n, v]));
    },
  },
  {
    name: 'temporal-header-wrong-value',
    breaks: 'X-Cat-Dog carries another value',
    row: 'GET /headers-and-object/',
    fails: ['headers-1'],
    fault: (req, res) => on(req, 'GET', '/headers-and-object/') && setHeader(res, 'X-Cat-Dog', 'together in the world'),
  },
  {
    name: 'hidden-header-missing',
    breaks: 'X-Hidden is not sent at all',
    row: 'GET /hidden-header/',
    fails: ['headers-2', 'cors-7'],
    fault: (req, res) => on(req, 'GET', '/hidden-header/') && removeHeader(res, 'X-Hidden'),
  },
  {
    name: 'temporal-body-wrapped',
    breaks: 'the returned data is wrapped in another object',
    row: 'GET /headers-and-object/',
    fails: ['headers-3'],
    fault: (req, res) => on(req, 'GET', '/headers-and-object/') && editJson(res, (data) => ({ data })),
  },
  {
    name: 'temporal-status-changed',
    breaks: 'setting a header changes the status to 202',
    row: 'GET /headers-and-object/',
    fails: ['headers-5'],
    fault: (req, res) => {
      if (on(req, 'GET', '/headers-and-object/')) res.status = 202;
    },
  },
  // A Response returned directly
  {
    name: 'direct-body-double-encoded',
    breaks: 'the directly returned content is encoded as JSON a second time',
    row: 'GET /headers/',
    fails: ['direct-3'],
    fault: (req, res) => {
      if (on(req, 'GET', '/headers/')) res.body = JSON.stringify(res.body);
    },
  },
  {
    name: 'direct-status-changed',
    breaks: 'a directly returned Response goes out as 201',
    row: 'GET /headers/',
    fails: ['direct-5'],
    fault: (req, res) => {
      if (on(req, 'GET', '/headers/')) res.status = 201;
    },
  },
  {
    name: 'direct-header-missing',
    breaks: 'X-Cat-Dog given to a directly returned Response is lost',
    row: 'GET /headers/',
    fails: ['direct-1', 'cors-5'],
    fault: (req, res) => on(req, 'GET', '/headers/') && removeHeader(res, 'X-Cat-Dog'),
  },
  {
    name: 'direct-content-language-missing',
    breaks: 'Content-Language given to a directly returned Response is lost',
    row: 'GET /headers/',
    fails: ['direct-2', 'cors-6'],
    fault: (req, res) => on(req, 'GET', '/headers/') && removeHeader(res, 'Content-Language'),
  },
  {
    name: 'json-as-text-plain',
    breaks: 'JSON bodies are served as text/plain',
    row: 'GET /headers-and-object/, GET /headers/, POST /user/',
    fails: ['headers-4', 'direct-4', 'model-11'],
    fault: (_req, res) => fieldValues(res.headers, 'Content-Type').some((v) => v.includes('json')) && setHeader(res, 'Content-Type', 'text/plain; charset=utf-8'),
  },
  // Cookies
  {
    name: 'cookie-lost-temporal',
    breaks: 'the cookie set on the temporal response is lost',
    row: 'POST /cookie-and-object/',
    fails: ['cookies-1', 'cookies-2'],
    fault: (req, res) => on(req, 'POST', '/cookie-and-object/') && removeHeader(res, 'Set-Cookie'),
  },
  {
    name: 'cookie-wrong-value-direct',
    breaks: 'the cookie on a directly returned Response has another value',
    row: 'POST /cookie/',
    fails: ['cookies-4'],
    fault: (req, res) => {
      if (!on(req, 'POST', '/cookie/')) return;
      res.headers = res.headers.map(([n, v]) => [n, n.toLowerCase() === 'set-cookie' ? v.replace('fake-cookie-session-value', 'other-value') : v]);
    },
  },
  {
    name: 'cookie-no-path',
    breaks: 'cookies are set without Path=/',
    row: 'POST /cookie-and-object/, POST /cookie/',
    fails: ['cookies-2', 'cookies-5'],
    fault: (_req, res) => {
      res.headers = res.headers.map(([n, v]) => [n, n.toLowerCase() === 'set-cookie' ? v.replace(/;\s*Path=[^;]*/i, '') : v]);
    },
  },
  {
    name: 'cookies-folded',
    breaks: 'two cookies are folded into one comma-joined Set-Cookie field',
    row: 'GET /two-cookies/',
    fails: ['cookies-8'],
    fault: (req, res) => {
      if (!on(req, 'GET', '/two-cookies/')) return;
      const cookies = fieldValues(res.headers, 'Set-Cookie');
      setHeader(res, 'Set-Cookie', cookies.join(', '));
    },
  },
  {
    name: 'second-cookie-lost',
    breaks: 'only the first of two cookies is sent',
    row: 'GET /two-cookies/',
    fails: ['cookies-7'],
    fault: (req, res) => {
      if (!on(req, 'GET', '/two-cookies/')) return;
      setHeader(res, 'Set-Cookie', fieldValues(res.headers, 'Set-Cookie')[0]);
    },
  },
  {
    name: 'cookie-routes-empty-body',
    breaks: 'setting a cookie loses the returned data',
    row: 'POST /cookie-and-object/, POST /cookie/, GET /two-cookies/',
    fails: ['cookies-3', 'cookies-6', 'cookies-9'],
    fault: (req, res) => {
      if (fieldValues(res.headers, 'Set-Cookie').length > 0 && !req.path.startsWith('/dependency-headers/')) res.body = '{}';
    },
  },
  // Status codes
  {
    name: 'existing-task-wrong-body',
    breaks: 'an existing task answers without its stored value',
    row: 'PUT /get-or-create-task/{id}',
    fails: ['status-2'],
    fault: (req, res) => {
      if (on(req, 'PUT', '/get-or-create-task/foo')) res.body = '""';
    },
  },
  {
    name: 'created-answers-200',
    breaks: 'a new task answers 200 instead of 201',
    row: 'PUT /get-or-create-task/{id}',
    fails: ['status-3'],
    fault: (req, res) => {
      if (isTask(req) && res.status === 201) res.status = 200;
    },
  },
  {
    name: 'existing-answers-201',
    breaks: 'an existing task answers 201 instead of 200',
    row: 'PUT /get-or-create-task/{id}',
    fails: ['status-1', 'status-5', 'cors-14'],
    fault: (req, res) => {
      if (isTask(req) && res.status === 200) res.status = 201;
    },
  },
  {
    name: 'created-wrong-body',
    breaks: 'a new task answers with another body',
    row: 'PUT /get-or-create-task/{id}',
    fails: ['status-4'],
    fault: (req, res) => {
      if (isTask(req) && res.status === 201) res.body = '"Created"';
    },
  },
  // Response model
  {
    name: 'password-leaked',
    breaks: 'the response model lets the password through',
    row: 'POST /user/',
    fails: ['model-1'],
    fault: (req, res) => on(req, 'POST', '/user/') && res.status === 200 && editJson(res, (user) => ({ ...user, password: JSON.parse(req.body).password })),
  },
  {
    name: 'full-name-dropped-when-null',
    breaks: 'an optional field left out is dropped instead of sent as null',
    row: 'POST /user/',
    fails: ['model-3'],
    fault: (req, res) => on(req, 'POST', '/user/') && editJson(res, ({ full_name, ...user }) => (full_name === null ? user : { ...user, full_name })),
  },
  {
    name: 'username-altered',
    breaks: 'a declared field is sent changed',
    row: 'POST /user/',
    fails: ['model-2'],
    fault: (req, res) => on(req, 'POST', '/user/') && editJson(res, (user) => ({ ...user, username: String(user.username).toUpperCase() })),
  },
  {
    name: 'full-name-ignored',
    breaks: 'a given optional field is sent as null',
    row: 'POST /user/',
    fails: ['model-4'],
    fault: (req, res) => on(req, 'POST', '/user/') && res.status === 200 && editJson(res, (user) => ({ ...user, full_name: null })),
  },
  {
    name: 'model-header-lost',
    breaks: 'X-Cat-Dog is lost when the response model applies',
    row: 'POST /user/',
    fails: ['model-5'],
    fault: (req, res) => on(req, 'POST', '/user/') && removeHeader(res, 'X-Cat-Dog'),
  },
  {
    name: 'invalid-body-400',
    breaks: 'an invalid body answers 400 instead of 422',
    row: 'POST /user/',
    fails: ['model-8', 'model-9', 'model-10', 'model-13'],
    fault: (req, res) => {
      if (on(req, 'POST', '/user/') && res.status === 422) res.status = 400;
    },
  },
  {
    name: 'null-accepted-for-a-string',
    breaks: 'null is accepted for a required string and sent back as ""',
    row: 'POST /user/',
    fails: ['model-13'],
    fault: (req, res) => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(req.body);
      } catch {
        return;
      }
      if (!on(req, 'POST', '/user/') || body.username !== null || res.status !== 422) return;
      res.status = 200;
      res.body = JSON.stringify({ username: '', email: body.email, full_name: null });
    },
  },
  {
    name: 'error-echoes-password',
    breaks: 'the 422 error repeats the submitted body, password included',
    row: 'POST /user/',
    fails: ['model-12'],
    fault: (req, res) => on(req, 'POST', '/user/') && res.status === 422 && editJson(res, (error) => ({ ...error, input: req.body })),
  },
  {
    name: 'defaults-not-filled',
    breaks: 'the response model does not fill the default tags',
    row: 'GET /items/{id}',
    fails: ['model-6', 'model-7'],
    fault: (req, res) => req.path.startsWith('/items/') && editJson(res, ({ tags: _tags, ...item }) => item),
  },
  {
    name: 'price-as-string',
    breaks: 'the response model sends price as a string',
    row: 'GET /items/{id}',
    fails: ['model-6', 'model-7'],
    fault: (req, res) => req.path.startsWith('/items/') && editJson(res, (item) => ({ ...item, price: String(item.price) })),
  },
  // Dependencies
  {
    name: 'dependency-header-lost',
    breaks: 'the header a dependency sets is lost',
    row: 'GET /dependency-headers/',
    fails: ['deps-1'],
    fault: (req, res) => on(req, 'GET', '/dependency-headers/') && removeHeader(res, 'X-Request-Source'),
  },
  {
    name: 'dependency-cookie-lost',
    breaks: 'the cookie a dependency sets is lost',
    row: 'GET /dependency-headers/',
    fails: ['deps-2'],
    fault: (req, res) => on(req, 'GET', '/dependency-headers/') && removeHeader(res, 'Set-Cookie'),
  },
  {
    name: 'dependency-handler-header-lost',
    breaks: "the handler's own header is lost where a dependency also writes",
    row: 'GET /dependency-headers/',
    fails: ['deps-3', 'cors-9'],
    fault: (req, res) => on(req, 'GET', '/dependency-headers/') && removeHeader(res, 'X-Cat-Dog'),
  },
  {
    name: 'dependency-body-lost',
    breaks: "the handler's data is lost where a dependency also writes",
    row: 'GET /dependency-headers/',
    fails: ['deps-4'],
    fault: (req, res) => {
      if (on(req, 'GET', '/dependency-headers/')) res.body = '{}';
    },
  },
  // CORS
  {
    name: 'cat-dog-not-exposed',
    breaks: 'X-Cat-Dog is not in Access-Control-Expose-Headers',
    row: 'CORS, every route',
    fails: EXPOSURE,
    fault: (_req, res) => removeHeader(res, 'Access-Control-Expose-Headers'),
  },
  {
    name: 'expose-only-on-preflight',
    breaks: 'Access-Control-Expose-Headers is sent on preflights only',
    row: 'CORS, every route',
    fails: EXPOSURE,
    fault: (req, res) => req.method !== 'OPTIONS' && removeHeader(res, 'Access-Control-Expose-Headers'),
  },
  {
    name: 'expose-star-with-credentials',
    breaks: 'Access-Control-Expose-Headers is "*", which exposes nothing to credentialed requests',
    row: 'CORS, every route',
    fails: EXPOSURE,
    fault: (_req, res) => fieldValues(res.headers, 'Access-Control-Expose-Headers').length > 0 && setHeader(res, 'Access-Control-Expose-Headers', '*'),
  },
  {
    name: 'hidden-header-exposed',
    breaks: 'X-Hidden is exposed to scripts',
    row: 'GET /hidden-header/',
    fails: ['cors-7'],
    fault: (req, res) => on(req, 'GET', '/hidden-header/') && setHeader(res, 'Access-Control-Expose-Headers', 'X-Cat-Dog, X-Hidden'),
  },
  {
    name: 'allow-origin-star-with-credentials',
    breaks: 'Access-Control-Allow-Origin is "*" alongside Allow-Credentials: true',
    row: 'CORS, every route',
    fails: ALL_GRANTED_READS,
    fault: (_req, res) => fieldValues(res.headers, 'Access-Control-Allow-Origin').length > 0 && setHeader(res, 'Access-Control-Allow-Origin', '*'),
  },
  {
    name: 'credentials-not-allowed',
    breaks: 'Access-Control-Allow-Credentials is missing',
    row: 'CORS, every route',
    fails: ALL_GRANTED_READS,
    fault: (_req, res) => removeHeader(res, 'Access-Control-Allow-Credentials'),
  },
  {
    name: 'any-origin-reflected',
    breaks: 'every Origin is echoed back and granted',
    row: 'CORS, every route',
    fails: ['cors-15', 'cors-16'],
    fault: (req, res) => {
      const origin = requestHeader(req, 'Origin');
      if (origin === undefined) return;
      setHeader(res, 'Access-Control-Allow-Origin', origin);
      setHeader(res, 'Access-Control-Allow-Credentials', 'true');
      if (req.method === 'OPTIONS') {
        setHeader(res, 'Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT');
        setHeader(res, 'Access-Control-Allow-Headers', requestHeader(req, 'Access-Control-Request-Headers') ?? '');
        res.status = 204;
      }
    },
  },
  {
    name: 'vary-without-origin',
    breaks: 'Vary does not name Origin',
    row: 'CORS, every route',
    fails: ['cors-3'],
    fault: (_req, res) => withoutVaryOrigin(res),
  },
  {
    name: 'static-grant-for-cors-requests-only',
    breaks: 'no Vary: Origin, and the grant looks static but is not: every request with an Origin gets the allowed origin\'s grant, one without an Origin gets none, so a cache may serve that bare answer to the frontend',
    row: 'CORS, every route',
    fails: ['cors-3'],
    fault: (req, res) => {
      withoutVaryOrigin(res);
      if (requestHeader(req, 'Origin') === undefined) {
        removeHeader(res, 'Access-Control-Allow-Origin');
        removeHeader(res, 'Access-Control-Allow-Credentials');
        removeHeader(res, 'Access-Control-Expose-Headers');
      } else {
        setHeader(res, 'Access-Control-Allow-Origin', DEFAULTS.origin);
        setHeader(res, 'Access-Control-Allow-Credentials', 'true');
      }
    },
  },
  {
    name: 'preflight-missing-put',
    breaks: 'the preflight does not allow PUT',
    row: 'CORS, every route',
    fails: ['cors-1', 'cors-13', 'cors-14'],
    fault: (req, res) => req.method === 'OPTIONS' && setHeader(res, 'Access-Control-Allow-Methods', 'GET, HEAD, POST'),
  },
  {
    name: 'preflight-missing-content-type',
    breaks: 'the preflight does not allow the Content-Type request header',
    row: 'CORS, every route',
    fails: ['cors-1', 'cors-11', 'cors-12', 'cors-13', 'cors-14'],
    fault: (req, res) => req.method === 'OPTIONS' && removeHeader(res, 'Access-Control-Allow-Headers'),
  },
];

export const BROKEN_SERVERS: readonly BrokenServer[] = CATALOGUE.map((entry) => ({ ...entry, fails: withBrowserMirrors(entry.fails) }));
