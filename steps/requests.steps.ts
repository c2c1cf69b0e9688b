/** What a plain client sends: calls with a query, a JSON body, and request headers of the scenario's own. */
import { DataTable } from '@cucumber/cucumber';
import { checkFormTable, checkJsonDocString, ParameterError, parseHeaderName } from './support/parameter-parsers';
import { passwordsInForm, passwordsInJson } from './support/passwords';
import { sentences } from './support/sentences';
import { JSON_CONTENT } from '../http/media-type';
import type { Endpoint } from './support/contract';
import type { Exchange } from '../http/client';
import { REASON_PHRASES } from '../http/status';
import type { ConformanceWorld } from './support/world';

const sentence = sentences('Requests');


sentence(
  'Given',
  'every request carries the header {header} with the value {string}',
  {
    summary:
      "Every request of the scenario after this step carries the header: a plain client's, a set-up's, and a script's, in the Fetch model and in the browser, on one route or on every route of the contract. For a script it is a header the script sets, so it may need a preflight (Authorization does, for example), and the preflight only names it in Access-Control-Request-Headers, as a browser's does. Repeat the step for several headers. For a header every request of the run needs, such as an API key, `--header` is simpler.",
    example: 'Given every request carries the header "Authorization" with the value "Bearer demo-token-3b9d"',
  },
  function (this: ConformanceWorld, name: string, value: string) {
    if (/[\r\n\0]/.test(value)) throw new ParameterError(`the value of ${parseHeaderName(name)} must not contain CR, LF or NUL`);
    this.addRequestHeader(name, value);
  },
);

sentence(
  'When',
  'a client calls {endpoint}',
  {
    summary: 'A plain HTTP client (not a browser) sends the request, with no body and no Origin. The answer is what the Then steps about the response, headers, cookies and body look at.',
    example: 'When a client calls "GET /api/items?page=2&per_page=2"',
  },
  async function (this: ConformanceWorld, endpoint: Endpoint) {
    await this.call(endpoint);
  },
);

sentence(
  'When',
  'a client calls {endpoint} with the JSON:',
  {
    summary: 'A plain HTTP client sends the doc string as the body, with `Content-Type: application/json`.',
    example: 'When a client calls "POST /api/login" with the JSON:',
    docString: '{"username": "alice", "password": "wonderland-7c1f"}',
    checkDocString: checkJsonDocString,
  },
  async function (this: ConformanceWorld, endpoint: Endpoint, json: string) {
    this.submittedPasswords.push(...passwordsInJson(json));
    await this.call({ ...endpoint, headers: JSON_CONTENT, body: json });
  },
);

/** The form a data table gives, as a browser's form submits it (application/x-www-form-urlencoded, URLSearchParams's encoding), with its passwords noted. */
function formOf(world: ConformanceWorld, endpoint: Endpoint, table: DataTable) {
  const fields = table.raw();
  checkFormTable(fields);
  world.submittedPasswords.push(...passwordsInForm(fields));
  return { ...endpoint, headers: FORM_CONTENT, body: new URLSearchParams(fields.map(([name, value]): [string, string] => [name, value])).toString() };
}

/** A set-up that did not succeed: the scenario cannot be judged (an error of the run, as cache-tests keeps set-up failures apart from non-conformance). */
function setUpDone(endpoint: Endpoint, answer: Exchange): void {
  if (answer.status >= 200 && answer.status <= 299) return;
  const start = answer.text.split('\n')[0].slice(0, 200);
  throw new Error(`set-up failed: ${endpoint.method} ${endpoint.path} answered ${answer.status}${REASON_PHRASES[answer.status] ? ` ${REASON_PHRASES[answer.status]}` : ''}${start === '' ? '' : `: ${start}${start.length < answer.text.length ? '…' : ''}`}`);
}

const FORM_CONTENT: [string, string][] = [['Content-Type', 'application/x-www-form-urlencoded']];

const FORM_EXAMPLE = [
  ['grant_type', 'password'],
  ['username', 'alice'],
  ['password', '{{password}}'],
];

sentence(
  'When',
  'a client calls {endpoint} with the form:',
  {
    summary:
      'A plain HTTP client sends the data table as a form, `Content-Type: application/x-www-form-urlencoded`, one row per field (`| name | value |`, no heading row), in order: what FastAPI\'s `Form(...)` and `OAuth2PasswordRequestForm` read (the OAuth2 password login). A field whose name says password is looked for by "the answer does not reveal the password".',
    example: 'When a client calls "POST /api/token" with the form:',
    dataTable: FORM_EXAMPLE,
    checkDataTable: checkFormTable,
  },
  async function (this: ConformanceWorld, endpoint: Endpoint, table: DataTable) {
    await this.call(formOf(this, endpoint, table));
  },
);

sentence(
  'Given',
  'a client has called {endpoint}',
  {
    summary:
      'A set-up: a plain HTTP client sends the request, with no body. Its answer is not "the response" the Then steps read, but the remembering sentences read it ("the client remembers the field …"). Any 2xx will do; another status is an error of the run (exit 2), naming the call, the status and the start of the body, never a failure of the server.',
    example: 'Given a client has called "GET /api/notes"',
  },
  async function (this: ConformanceWorld, endpoint: Endpoint) {
    setUpDone(endpoint, await this.setUp(endpoint));
  },
);

sentence(
  'Given',
  'a client has called {endpoint} with the form:',
  {
    summary:
      'A set-up: the form is sent as by `When a client calls {endpoint} with the form:`, and its answer is not "the response" the Then steps read, but the remembering sentences read it. Any 2xx will do; another status (a wrong password\'s 401) is an error of the run (exit 2), naming the call, the status and the start of the body. For a Background that signs in: send the login form, then remember the token.',
    example: 'Given a client has called "POST /api/token" with the form:',
    dataTable: FORM_EXAMPLE,
    checkDataTable: checkFormTable,
  },
  async function (this: ConformanceWorld, endpoint: Endpoint, table: DataTable) {
    setUpDone(endpoint, await this.setUp(formOf(this, endpoint, table)));
  },
);
