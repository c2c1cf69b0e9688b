/** Cookies, compared as a user agent parses them (RFC 6265bis §5.6): attributes in any order and any case. */
import { expect } from 'chai';
import { fieldValues } from '../http/header-list';
import { cookieLifetime, cookiesSet, findCookie, foldedSetCookieFields, receivedAt, type ParsedCookie } from '../http/set-cookie';
import type { CookieFlag } from './support/parameter-parsers';
import { sentences } from './support/vocabulary';
import type { ConformanceWorld } from './support/world';
import type { Exchange } from '../http/client';

const sentence = sentences('Cookies');

function namesSet(response: Exchange): string {
  const names = cookiesSet(response.headers).map((cookie) => cookie.name);
  return names.length === 0 ? 'none' : names.join(', ');
}

/** Runs a check about one cookie of the last response; fails first if the response does not set it. */
function verifyCookie(world: ConformanceWorld, name: string, check: (cookie: ParsedCookie, response: Exchange) => void) {
  const response = world.lastResponse();
  world.verify(response, () => {
    const cookie = findCookie(response.headers, name);
    expect(cookie, `cookie ${name} is not set (cookies set: ${namesSet(response)})`).to.not.equal(undefined);
    check(cookie!, response);
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
    verifyCookie(this, name, (cookie) => expect(cookie.value, `cookie ${name}`).to.equal(value));
  },
);

sentence(
  'Then',
  'the response does not set the cookie {string}',
  { summary: 'No Set-Cookie field sets a cookie of that name.', example: 'Then the response does not set the cookie "session"' },
  function (this: ConformanceWorld, name: string) {
    const response = this.lastResponse();
    this.verify(response, () => expect(findCookie(response.headers, name), `cookie ${name} is set`).to.equal(undefined));
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
        expect(sent?.toLowerCase(), `cookie ${name} SameSite is ${sent === undefined ? 'absent' : `"${sent}"`}, expected ${describeFlag(flag)}`).to.equal(flag.value.toLowerCase());
        return;
      }
      const has = { Secure: cookie.secure, HttpOnly: cookie.httpOnly, Partitioned: cookie.partitioned }[flag.attribute] === true;
      expect(has, `cookie ${name} is ${has ? '' : 'not '}${flag.attribute}, expected ${describeFlag(flag)}`).to.equal(flag.present);
    });
  },
);

sentence(
  'Then',
  'the cookie {string} applies to the path {string}',
  { summary: 'The cookie\'s Path attribute is this path. Without one, a browser uses the request\'s directory (RFC 6265bis §5.1.4), so "/" must be sent to mean the whole site.', example: 'Then the cookie "session" applies to the path "/"' },
  function (this: ConformanceWorld, name: string, path: string) {
    // Without a Path attribute the user agent uses the request's directory (RFC 6265bis §5.1.4), not "/".
    verifyCookie(this, name, (cookie) => expect(cookie.path, `cookie ${name} Path attribute`).to.equal(path));
  },
);

sentence(
  'Then',
  'the cookie {string} applies to the domain {string}',
  { summary: 'The cookie\'s Domain attribute is this domain, compared case-insensitively and without a leading dot (RFC 6265bis §5.6.3).', example: 'Then the cookie "session" applies to the domain "shop.example"' },
  function (this: ConformanceWorld, name: string, domain: string) {
    const bare = (d: string | undefined) => d?.replace(/^\./, '').toLowerCase();
    verifyCookie(this, name, (cookie) => expect(bare(cookie.domain), `cookie ${name} Domain attribute`).to.equal(bare(domain)));
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
      expect(lifetime, `cookie ${name} has neither Max-Age nor Expires: it lasts for the browser session`).to.not.equal(null);
      if (cookie.maxAge !== undefined) expect(cookie.maxAge, `cookie ${name} Max-Age`).to.equal(seconds);
      else expect(lifetime!, `cookie ${name} lifetime by Expires, in seconds`).to.be.closeTo(seconds, 2);
    });
  },
);

sentence(
  'Then',
  'the cookie {string} lasts only for the browser session',
  { summary: 'The cookie has neither Max-Age nor Expires: the browser drops it when the session ends.', example: 'Then the cookie "cart" lasts only for the browser session' },
  function (this: ConformanceWorld, name: string) {
    verifyCookie(this, name, (cookie) => {
      expect(cookie.maxAge, `cookie ${name} Max-Age`).to.equal(undefined);
      expect(cookie.expires?.toUTCString(), `cookie ${name} Expires`).to.equal(undefined);
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
      expect(lifetime, `cookie ${name} has neither Max-Age nor Expires, so it is set for the session, not cleared`).to.not.equal(null);
      expect(lifetime!, `cookie ${name} lifetime in seconds (${cookie.maxAge !== undefined ? `Max-Age=${cookie.maxAge}` : `Expires=${cookie.expires?.toUTCString()}`})`).to.be.at.most(0);
    });
  },
);

sentence(
  'Then',
  'each cookie arrives in its own Set-Cookie field',
  { summary: 'No Set-Cookie field folds several cookies into one line (RFC 9110 §5.3, RFC 6265bis §4.1).', example: 'Then each cookie arrives in its own Set-Cookie field' },
  function (this: ConformanceWorld) {
    const response = this.lastResponse();
    this.verify(response, () => {
      expect(fieldValues(response.headers, 'Set-Cookie'), 'Set-Cookie fields').to.not.be.empty;
      // RFC 9110 §5.3: Set-Cookie cannot be combined into one field; RFC 6265bis §4.1: servers do not fold it.
      expect(foldedSetCookieFields(response.headers), 'Set-Cookie fields holding several cookies').to.deep.equal([]);
    });
  },
);
