/**
 * The vocabulary's parameter types: what the features talk about, typed.
 * Each one matches loosely and parses strictly, so that a typo in a feature
 * is not an "undefined step" but a refusal that says what is wrong with the
 * text and what it should be (the runner reports it with the file and line
 * before anything is sent).
 */
import { defineParameterType } from '@cucumber/cucumber';
import { parseCookieFlag, parseEndpoint, parseHeaderName, parseHeaderNames, parseJsonValue, parsePattern, parseScriptOrigin, parseStatus, parseValueName } from './parameter-parsers';
import { documentParameter, type ParameterDoc } from './sentences';

documentParameter({ name: 'string', accepts: 'any text in double quotes (cucumber\'s own type); `\\"` for a quote inside', examples: ['"session"', '"Bearer demo-token"'] });
documentParameter({ name: 'int', accepts: 'a whole number (cucumber\'s own type)', examples: ['3600'] });

function define<T>(doc: ParameterDoc, regexp: RegExp, transformer: (...groups: string[]) => T): void {
  documentParameter(doc);
  defineParameterType({ name: doc.name, regexp, transformer, useForSnippets: false });
}

/** A quoted text: the types below match any quoted text, so that the parser, not the matcher, refuses a typo. */
const QUOTED = /"([^"]*)"/;

/** A call to the target, method and path with an optional query: "GET /api/items?page=1". */
define(
  { name: 'endpoint', accepts: 'a method (GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS, in capitals) and a path from the target\'s base URL, with an optional query string, in quotes', examples: ['"GET /api/items?page=1"', '"POST /api/login"'] },
  QUOTED,
  parseEndpoint,
);

/** A header name in quotes: "X-Cat-Dog". Compared case-insensitively wherever it is used. */
define(
  { name: 'header', accepts: 'a header name in quotes; compared case-insensitively (RFC 9110 §5.1)', examples: ['"X-Total-Count"', '"Link"'] },
  QUOTED,
  parseHeaderName,
);

/** Several header names: "Authorization, Content-Type". */
define(
  { name: 'headerNames', accepts: 'one or more header names in quotes, separated by commas', examples: ['"Authorization"', '"Authorization, Content-Type"'] },
  QUOTED,
  parseHeaderNames,
);

/** A status with its RFC 9110 reason phrase, "201 Created"; a mismatched phrase is a typo in the spec. */
define(
  { name: 'status', accepts: 'a status code with its reason phrase exactly as RFC 9110 §15 writes it (RFC 6585 and RFC 7725 for 428, 429, 431, 451 and 511)', examples: ['200 OK', '401 Unauthorized', '422 Unprocessable Content'] },
  /(\d{3}) ([A-Za-z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*)*)/,
  parseStatus,
);

define(
  {
    name: 'scriptOrigin',
    accepts: '`the allowed origin` (the run\'s `--origin`), `another origin` (one no server should allow), `an opaque origin` (a sandboxed iframe\'s or a data: page\'s, sent as `Origin: null`; the Fetch model\'s sentences only), or an origin in quotes, scheme://host[:port] with no path',
    examples: ['the allowed origin', 'another origin', 'an opaque origin', '"https://shop.example"'],
  },
  /the allowed origin|another origin|an opaque origin|"[^"]*"/,
  parseScriptOrigin,
);

define(
  { name: 'cookieFlag', accepts: '`Secure`, `HttpOnly`, `Partitioned`, `SameSite=Strict`, `SameSite=Lax` or `SameSite=None`, or `not Secure`, `not HttpOnly`, `not Partitioned`; SameSite values compare case-insensitively', examples: ['Secure', 'HttpOnly', 'SameSite=Lax', 'not HttpOnly'] },
  /(?:not )?[A-Za-z-]+(?:=[A-Za-z-]*)?/,
  parseCookieFlag,
);

/** A regular expression between slashes: /^\d+$/. */
define(
  { name: 'pattern', accepts: 'a JavaScript regular expression between slashes, with optional flags; it matches anywhere unless anchored with ^ and $', examples: ['/^\\d+$/', '/rel="next"/'] },
  /\/((?:[^/\\]|\\.)+)\/([dgimsuy]*)/,
  parsePattern,
);

/** A JSON value written inline: "johndoe", 62, 50.2, true, null. */
define(
  { name: 'jsonValue', accepts: 'a JSON value: a string in double quotes, a number, `true`, `false` or `null`; numbers compare by value (62 equals 62.0)', examples: ['"johndoe"', '62', 'null'] },
  /("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/,
  parseJsonValue,
);


/** The name of a value the scenario remembers: "token". A sentence with this parameter defines the name for the steps after it. */
define(
  { name: 'name', accepts: 'a name for a value the scenario remembers, in quotes: a letter or _, then letters, digits or _; later steps use it as `{{name}}` in any quoted text, doc string or data table', examples: ['"token"', '"note_id"'] },
  QUOTED,
  parseValueName,
);
