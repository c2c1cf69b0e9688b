/** What a plain client sends: calls with a query, a JSON body, and request headers of the scenario's own. */
import { checkJsonDocString, ParameterError, parseHeaderName } from './support/parameter-parsers';
import { sentences } from './support/sentences';
import { JSON_CONTENT } from '../http/media-type';
import type { Endpoint } from './support/contract';
import type { ConformanceWorld } from './support/world';

const sentence = sentences('Requests');

/** The "password" field of a JSON body, for the sentence that looks for it in the answer. */
export function passwordIn(json: string): string | undefined {
  const body: unknown = JSON.parse(json);
  const password = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).password : undefined;
  return typeof password === 'string' ? password : undefined;
}

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
    this.submittedPassword = passwordIn(json) ?? this.submittedPassword;
    await this.call({ ...endpoint, headers: JSON_CONTENT, body: json });
  },
);
