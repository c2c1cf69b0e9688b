/** Cookies, compared as a user agent parses them (RFC 6265bis §5.6). */
import { Then } from '@cucumber/cucumber';
import { expect } from 'chai';
import { fieldValues } from '../http/header-list';
import { cookiesSet, findCookie, foldedSetCookieFields } from '../http/set-cookie';
import type { ConformanceWorld } from './support/world';

function namesSet(world: ConformanceWorld): string {
  const names = cookiesSet(world.lastResponse().headers).map((cookie) => cookie.name);
  return names.length === 0 ? 'none' : names.join(', ');
}

Then('the response sets the cookie {string} to {string}', function (this: ConformanceWorld, name: string, value: string) {
  const response = this.lastResponse();
  this.verify(response, () => {
    const cookie = findCookie(response.headers, name);
    expect(cookie, `cookie ${name} is not set (cookies set: ${namesSet(this)})`).to.not.equal(undefined);
    expect(cookie?.value, `cookie ${name}`).to.equal(value);
  });
});

Then('the cookie {string} applies to the path {string}', function (this: ConformanceWorld, name: string, path: string) {
  const response = this.lastResponse();
  this.verify(response, () => {
    const cookie = findCookie(response.headers, name);
    expect(cookie, `cookie ${name} is not set (cookies set: ${namesSet(this)})`).to.not.equal(undefined);
    // Without a Path attribute the user agent uses the request's directory (RFC 6265bis §5.1.4), not "/".
    expect(cookie?.path, `cookie ${name} Path attribute`).to.equal(path);
  });
});

Then('each cookie arrives in its own Set-Cookie field', function (this: ConformanceWorld) {
  const response = this.lastResponse();
  this.verify(response, () => {
    expect(fieldValues(response.headers, 'Set-Cookie'), 'Set-Cookie fields').to.not.be.empty;
    // RFC 9110 §5.3: Set-Cookie cannot be combined into one field; RFC 6265bis §4.1: servers do not fold it.
    expect(foldedSetCookieFields(response.headers), 'Set-Cookie fields holding several cookies').to.deep.equal([]);
  });
});
