/**
 * A frontend's traffic without a browser, for observe's tests: the requests
 * a script on ORIGIN makes, as a browser sends them (Fetch §4.1 and §4.8):
 * Origin and Sec-Fetch-Mode: cors, the preflight first when the request
 * needs one (and nothing more when it refuses), the cookies the model keeps
 * (http/cookie-model.ts) sent back with credentials include. The real
 * browser's traffic is the example's (examples/observe/), through Chromium.
 *
 * As a command, for `observe -- …`: reads OBSERVE_URL, walks the shop's
 * frontend (WALK) from --origin, and exits 0 whatever the API answered:
 * judging is observe's job.
 */
import * as http from 'node:http';
import { cookieHeaderFor, store, type CookieJar } from '../../http/cookie-model';
import { needsPreflight, preflightRequestHeaders, preflightVerdict, type CorsRequest } from '../../http/fetch-model';
import { fieldValues, fromRawHeaders, type HeaderList } from '../../http/header-list';

export interface ScriptCall {
  readonly method: string;
  readonly path: string;
  readonly json?: unknown;
  readonly headers?: HeaderList;
  readonly credentials: 'include' | 'omit';
}

export interface Answer {
  readonly status: number;
  readonly headers: HeaderList;
  readonly text: string;
}

function send(base: string, method: string, path: string, headers: HeaderList, body?: string): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    // A raw list keeps each field as the browser would send it (repeats apart); Host first, as browsers write it.
    const raw = [['Host', url.host] as const, ...headers].flatMap(([n, v]) => [n, v]);
    const request = http.request(url, { method, headers: raw as unknown as http.OutgoingHttpHeaders }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: fromRawHeaders(response.rawHeaders), text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A script on `origin` calling the API at `base`, with its cookie jar. */
export class ScriptedFrontend {
  private jar: CookieJar = [];

  constructor(
    private readonly base: string,
    private readonly origin: string,
  ) {}

  /** The call as the browser makes it; undefined when its preflight refused it (the browser sends nothing more). */
  async call(call: ScriptCall): Promise<Answer | undefined> {
    const body = call.json === undefined ? undefined : JSON.stringify(call.json);
    const author: HeaderList = [...(call.headers ?? []), ...(body === undefined ? [] : ([['Content-Type', 'application/json']] as const))];
    const request: CorsRequest = { origin: this.origin, method: call.method, credentials: call.credentials, headers: author };
    const site = new URL(this.origin).hostname === new URL(this.base).hostname ? 'same-site' : 'cross-site';
    const fetchHeaders: HeaderList = [
      ['Origin', this.origin],
      ['Sec-Fetch-Mode', 'cors'],
      ['Sec-Fetch-Site', site],
    ];
    if (needsPreflight(request)) {
      const preflight = await send(this.base, 'OPTIONS', call.path, [...preflightRequestHeaders(request), ['Sec-Fetch-Mode', 'cors'], ['Sec-Fetch-Site', site]]);
      if (!preflightVerdict(request, preflight).ok) return undefined;
    }
    const url = new URL(call.path, this.base).href;
    const cookie = call.credentials === 'include' ? cookieHeaderFor(this.jar, url, this.origin) : null;
    const answer = await send(this.base, call.method, call.path, [...fetchHeaders, ['Accept', '*/*'], ...author, ...(cookie === null ? [] : ([['Cookie', cookie]] as const))], body);
    if (call.credentials === 'include') this.jar = store(this.jar, fieldValues(answer.headers, 'Set-Cookie'), { requestUrl: url, frontendOrigin: this.origin, received: new Date() }).jar;
    return answer;
  }
}

/** The shop's frontend: the item list, the sign-in, who is signed in, the sign-out. */
export const WALK: readonly ScriptCall[] = [
  { method: 'GET', path: '/api/items?page=1', credentials: 'include' },
  { method: 'POST', path: '/api/login', json: { username: 'alice', password: 'wonderland-7c1f' }, credentials: 'include' },
  { method: 'GET', path: '/api/me', headers: [['Authorization', 'Bearer demo-token-3b9d']], credentials: 'include' },
  { method: 'GET', path: '/api/items?page=2', credentials: 'include' },
  { method: 'DELETE', path: '/api/session', credentials: 'include' },
];

async function main(): Promise<void> {
  const base = process.env.OBSERVE_URL;
  const at = process.argv.indexOf('--origin');
  const origin = at === -1 ? undefined : process.argv[at + 1];
  if (base === undefined || origin === undefined) {
    process.stderr.write('usage: OBSERVE_URL=http://… scripted-frontend.ts --origin ORIGIN\n');
    process.exit(2);
  }
  const frontend = new ScriptedFrontend(base, origin);
  for (const call of WALK) {
    const answer = await frontend.call(call);
    process.stdout.write(`${call.method} ${call.path} → ${answer === undefined ? 'refused by its preflight' : answer.status}\n`);
  }
}

if (require.main === module) void main();
