/**
 * A session in a feature (after Hurl's [Captures] and {{variables}}, Karate's
 * def and karate.env): values named by the scenario, remembered from an
 * answer or read from the environment, and used in later steps as
 * `{{name}}` (steps/placeholders.ts; the World fills them in). A Background
 * that sends the login form and remembers the token signs every scenario in.
 */
import { jsonAt } from '../http/json-match';
import { parseJsonBody } from '../http/json-body';
import { cookiesSet, findCookie } from '../http/set-cookie';
import { soundsSecret } from './placeholders';
import { sentences } from './support/sentences';
import { misuse } from './support/misuse';
import { fail } from './support/verdict';
import type { ConformanceWorld } from './support/world';

const sentence = sentences('A session');

sentence(
  'Given',
  'the value {name} comes from the environment variable {string}',
  {
    summary:
      'Names the value of an environment variable of the run, for later steps as `{{name}}`: a password or a token that the feature never writes down. A variable that is not set (or is empty) is an error of the run (exit 2) naming it. The value is a secret: the reports mask it, and a failure shows it as `{{name}}`.',
    example: 'Given the value "password" comes from the environment variable "RESPONSE_CONFORMANCE_LOGIN_PASSWORD"',
  },
  function (this: ConformanceWorld, name: string, variable: string) {
    const value = process.env[variable];
    if (value === undefined || value === '') misuse(`the environment variable ${variable} is ${value === undefined ? 'not set' : 'empty'}, so "{{${name}}}" has no value: set ${variable} for the run`);
    this.remember(name, value, { secret: true });
  },
);

sentence(
  'Given',
  'the client remembers the field {string} of the answer as {name}',
  {
    summary:
      'Names a field of the JSON answer to the scenario\'s last request (a When\'s or a set-up\'s), by the same paths as "the answer has the field" ("access_token", "0.id", "user.token"), for later steps as `{{name}}`. A string is kept as it is, a number or a boolean as its JSON text. The answer must carry the field: when it does not, the step fails, saying which fields it has. A value whose name or field says token, key, secret, password, session or auth is a secret that the reports mask.',
    example: 'Given the client remembers the field "access_token" of the answer as "token"',
  },
  function (this: ConformanceWorld, field: string, name: string) {
    const answer = this.lastAnswer();
    this.verify(answer, () => {
      const found = jsonAt(parseJsonBody(answer), field);
      if (!found.found) fail(`the answer to ${answer.request.method} ${pathOf(answer.request.url)} (${answer.status}) has no field "${field}" to remember as "${name}": ${found.reason}`);
      const { value } = found;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        fail(`the field "${field}" of the answer to ${answer.request.method} ${pathOf(answer.request.url)} is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object'}: only a string, a number or a boolean can be remembered (name a field inside it)`);
      }
      this.remember(name, typeof value === 'string' ? value : JSON.stringify(value), { secret: soundsSecret(field, name) });
    });
  },
);

sentence(
  'Given',
  'the client remembers the cookie {string} of the answer as {name}',
  {
    summary:
      'Names the value of a cookie the answer to the scenario\'s last request sets (its Set-Cookie, RFC 6265bis §5.6), for later steps as `{{name}}`. The answer must set the cookie: when it does not, the step fails, saying which it sets. A cookie\'s value is a secret that the reports mask. (This reads one answer; the cookies a browser keeps and sends back are the cookie jar\'s.)',
    example: 'Given the client remembers the cookie "session" of the answer as "session"',
  },
  function (this: ConformanceWorld, cookie: string, name: string) {
    const answer = this.lastAnswer();
    this.verify(answer, () => {
      const found = findCookie(answer.headers, cookie);
      if (found === undefined) {
        const set = cookiesSet(answer.headers).map((c) => c.name);
        fail(`the answer to ${answer.request.method} ${pathOf(answer.request.url)} (${answer.status}) sets no cookie "${cookie}" to remember as "${name}" (${set.length === 0 ? 'it sets none' : `it sets ${set.join(', ')}`})`);
      }
      this.remember(name, found.value, { secret: true });
    });
  },
);

/** A URL's path and query, as the features write calls. */
function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}
