/** Cookies, compared as a user agent parses them (RFC 6265bis §5.6): attributes in any order and any case. */
import { fieldValues } from '../http/header-list';
import { cookieLifetime, cookiesSet, findCookie, foldedSetCookieFields, receivedAt, type ParsedCookie } from '../http/set-cookie';
import type { CookieFlag } from './support/parameter-parsers';
import { ensure, ensureEqual, mismatch, shown } from './support/verdict';
import { sentences } from './support/sentences';
import type { ConformanceWorld } from './support/world';
import type { Exchange } from '../http/client';

const sentence = sentences('Cookies');

function namesSet(response: Exchange): string {
  const names = cookiesSet(response.headers).map((cookie) => cookie.name);
  return names.length === 0 ? 'none' : names.join(', ');
}

/** A cookie as it was set, value and attributes, for a message: `"sepia"; Path=/; Max-Age=60; Secure`. */
function describeCookie(cookie: ParsedCookie): string {
  const attributes = [
    cookie.path !== undefined && `Path=${cookie.path}`,
    cookie.domain !== undefined && `Domain=${cookie.domain}`,
    cookie.maxAge !== undefined && `Max-Age=${cookie.maxAge}`,
    cookie.expires !== undefined && `Expires=${cookie.expires.toUTCString()}`,
    cookie.sameSite !== undefined && `SameSite=${cookie.sameSite}`,
    cookie.secure === true && 'Secure',
    cookie.httpOnly === true && 'HttpOnly',
    cookie.partitioned === true && 'Partitioned',
  ].filter((attribute) => attribute !== false);
  return [shown(cookie.value), ...attributes].join('; ');
}

/** Runs a check about one cookie of the last response; fails first if the response does not set it. */
function verifyCookie(world: ConformanceWorld, name: string, check: (cookie: ParsedCookie, response: Exchange) => void) {
  const response = world.lastResponse();
  world.verify(response, () => {
    const cookie = findCookie(response.headers, name);
    ensure(cookie !== undefined, () => `cookie ${name} is not set (cookies set: ${namesSet(response)})`);
    check(cookie, response);
  });
}

sentence(
  'Then',
  'the response sets the cookie {string}',
  { summary: 'A Set-Cookie field sets the cookie, whatever its value. Cookie names are case-sensitive.', example: 'Then the response sets the cookie "session"' },
  function (this: ConformanceWorld, name: string) {
    verifyCookie(this, name, () => undefined);
  },
);

sentence(
  'Then',
  'the response sets the cookie {string} to {string}',
  { summary: 'A Set-Cookie field sets the cookie to exactly this value (as sent, not URL-decoded).', example: 'Then the response sets the cookie "theme" to "dark"' },
  function (this: ConformanceWorld, name: string, value: string) {
    verifyCookie(this, name, (cookie) => ensureEqual(cookie.value, value, `cookie ${name}`));
  },
);

sentence(
  'Then',
  'the response does not set the cookie {string}',
  { summary: 'No Set-Cookie field sets a cookie of that name.', example: 'Then the response does not set the cookie "session"' },
  function (this: ConformanceWorld, name: string) {
    this.checkResponse((response) => {
      const cookie = findCookie(response.headers, name);
      ensure(cookie === undefined, () => `cookie ${name} is set: ${describeCookie(cookie!)}`);
    });
  },
);

function describeFlag(flag: CookieFlag): string {
  return flag.attribute === 'SameSite' ? `SameSite=${flag.value}` : `${flag.present ? '' : 'not '}${flag.attribute}`;
}

sentence(
  'Then',
  'the cookie {string} is {cookieFlag}',
  {
    summary:
      'The cookie the response sets has (or, with "not", lacks) the attribute: Secure, HttpOnly or Partitioned, or SameSite with the given value. A cookie without SameSite is not SameSite=Lax here, even though browsers treat it so: the sentence checks what the server sent.',
    example: 'Then the cookie "session" is HttpOnly',
  },
  function (this: ConformanceWorld, name: string, flag: CookieFlag) {
    verifyCookie(this, name, (cookie) => {
      if (flag.attribute === 'SameSite') {
        const sent = cookie.sameSite;
        // SameSite values are case-insensitive (RFC 6265bis §5.6.7).
        ensure(sent?.toLowerCase() === flag.value.toLowerCase(), () => mismatch(`cookie ${name}`, describeFlag(flag), sent === undefined ? 'no SameSite' : `SameSite=${sent}`));
        return;
      }
      const has = { Secure: cookie.secure, HttpOnly: cookie.httpOnly, Partitioned: cookie.partitioned }[flag.attribute] === true;
      ensure(has === flag.present, () => mismatch(`cookie ${name}`, describeFlag(flag), `${has ? '' : 'not '}${flag.attribute}`));
    });
  },
);

sentence(
  'Then',
  'the cookie {string} applies to the path {string}',
  { summary: 'The cookie\'s Path attribute is this path. Without one, a browser uses the request\'s directory (RFC 6265bis §5.1.4), so "/" must be sent to mean the whole site.', example: 'Then the cookie "session" applies to the path "/"' },
  function (this: ConformanceWorld, name: string, path: string) {
    // Without a Path attribute the user agent uses the request's directory (RFC 6265bis §5.1.4), not "/".
    verifyCookie(this, name, (cookie) => ensureEqual(cookie.path, path, `cookie ${name} Path attribute`));
  },
);

sentence(
  'Then',
  'the cookie {string} applies to the domain {string}',
  { summary: 'The cookie\'s Domain attribute is this domain, compared case-insensitively and without a leading dot (RFC 6265bis §5.6.3).', example: 'Then the cookie "session" applies to the domain "shop.example"' },
  function (this: ConformanceWorld, name: string, domain: string) {
    const bare = (d: string | undefined) => d?.replace(/^\./, '').toLowerCase();
    verifyCookie(this, name, (cookie) => ensure(bare(cookie.domain) === bare(domain), () => mismatch(`cookie ${name} Domain attribute`, shown(domain), shown(cookie.domain))));
  },
);

sentence(
  'Then',
  'the cookie {string} lasts {int} seconds',
  {
    summary:
      'The cookie expires this many seconds after the response: by Max-Age, which wins when both are sent, or else by Expires, counted from the response\'s Date (within 2 seconds).',
    example: 'Then the cookie "session" lasts 3600 seconds',
  },
  function (this: ConformanceWorld, name: string, seconds: number) {
    verifyCookie(this, name, (cookie, response) => {
      const lifetime = cookieLifetime(cookie, receivedAt(response.headers));
      ensure(lifetime !== null, () => `cookie ${name} has neither Max-Age nor Expires: it lasts for the browser session`);
      if (cookie.maxAge !== undefined) ensureEqual(cookie.maxAge, seconds, `cookie ${name} Max-Age`);
      else ensure(Math.abs(lifetime - seconds) <= 2, () => mismatch(`cookie ${name} lifetime by Expires (${cookie.expires?.toUTCString()})`, `${seconds} seconds, within 2`, `${lifetime} seconds`));
    });
  },
);

sentence(
  'Then',
  'the cookie {string} lasts only for the browser session',
  { summary: 'The cookie has neither Max-Age nor Expires: the browser drops it when the session ends.', example: 'Then the cookie "cart" lasts only for the browser session' },
  function (this: ConformanceWorld, name: string) {
    verifyCookie(this, name, (cookie) => {
      ensure(cookie.maxAge === undefined, () => mismatch(`cookie ${name} Max-Age`, 'none', String(cookie.maxAge)));
      ensure(cookie.expires === undefined, () => mismatch(`cookie ${name} Expires`, 'none', shown(cookie.expires?.toUTCString())));
    });
  },
);

sentence(
  'Then',
  'the response clears the cookie {string}',
  {
    summary:
      'The response sets the cookie so that a browser removes it (RFC 6265bis §5.7): Max-Age of zero or less, or else an Expires that is not after the response\'s Date.',
    example: 'Then the response clears the cookie "session"',
  },
  function (this: ConformanceWorld, name: string) {
    verifyCookie(this, name, (cookie, response) => {
      const lifetime = cookieLifetime(cookie, receivedAt(response.headers));
      ensure(lifetime !== null, () => `cookie ${name} has neither Max-Age nor Expires, so it is set for the session, not cleared`);
      const by = cookie.maxAge !== undefined ? `Max-Age=${cookie.maxAge}` : `Expires=${cookie.expires?.toUTCString()}`;
      ensure(lifetime <= 0, () => mismatch(`cookie ${name} lifetime in seconds (${by})`, '0 or less', String(lifetime)));
    });
  },
);

sentence(
  'Then',
  'each cookie arrives in its own Set-Cookie field',
  { summary: 'No Set-Cookie field folds several cookies into one line (RFC 9110 §5.3, RFC 6265bis §4.1).', example: 'Then each cookie arrives in its own Set-Cookie field' },
  function (this: ConformanceWorld) {
    this.checkResponse((response) => {
      ensure(fieldValues(response.headers, 'Set-Cookie').length > 0, 'the response has no Set-Cookie field');
      // RFC 9110 §5.3: Set-Cookie cannot be combined into one field; RFC 6265bis §4.1: servers do not fold it.
      const folded = foldedSetCookieFields(response.headers);
      ensure(folded.length === 0, () => mismatch('Set-Cookie fields holding several cookies', 'none', folded.map((field) => shown(field)).join(', ')));
    });
  },
);
