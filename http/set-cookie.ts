/**
 * Cookies as a user agent reads them from Set-Cookie fields (RFC 6265bis
 * §5.6, https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/):
 * attributes in any order and any case, parsed by set-cookie-parser.
 */
import { parse as parseSetCookie, splitCookiesString, type Cookie } from 'set-cookie-parser';
import { fieldValues, getCombined, type HeaderList } from './header-list';

export type ParsedCookie = Cookie;

/**
 * Every cookie the response sets. A field holding several comma-joined
 * cookies (which servers must not send) is split here, so that a folded
 * field fails only the rule against folding.
 */
export function cookiesSet(headers: HeaderList): ParsedCookie[] {
  return fieldValues(headers, 'Set-Cookie').flatMap((value) => parseSetCookie(splitCookiesString(value), { decodeValues: false }));
}

/** The Set-Cookie fields that carry more than one cookie. */
export function foldedSetCookieFields(headers: HeaderList): string[] {
  return fieldValues(headers, 'Set-Cookie').filter((value) => splitCookiesString(value).length > 1);
}

export function findCookie(headers: HeaderList, name: string): ParsedCookie | undefined {
  // Cookie names are case-sensitive (RFC 6265bis §5.7): the last one set wins.
  return cookiesSet(headers).filter((cookie) => cookie.name === name).pop();
}

/** When a user agent received the response: its Date, or now when it sent none (or one that does not parse). */
export function receivedAt(headers: HeaderList): Date {
  const date = new Date(getCombined(headers, 'Date') ?? '');
  return Number.isNaN(date.getTime()) ? new Date() : date;
}

/**
 * How many seconds the cookie lives after `received` (RFC 6265bis §5.6.1,
 * §5.6.2): Max-Age when sent, which wins over Expires; else Expires. Zero or
 * less means the user agent removes the cookie; null, neither attribute (a
 * session cookie).
 */
export function cookieLifetime(cookie: ParsedCookie, received: Date): number | null {
  if (cookie.maxAge !== undefined && !Number.isNaN(cookie.maxAge)) return cookie.maxAge;
  if (cookie.expires !== undefined && !Number.isNaN(cookie.expires.getTime())) return (cookie.expires.getTime() - received.getTime()) / 1000;
  return null;
}

/** A Set-Cookie that deletes its cookie: a lifetime of zero or less (a logout's). */
export function isClearing(cookie: ParsedCookie, received: Date): boolean {
  const lifetime = cookieLifetime(cookie, received);
  return lifetime !== null && lifetime <= 0;
}
