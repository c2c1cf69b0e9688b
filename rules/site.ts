/**
 * Same-site, for the cookie findings (RFC 6265bis §5.2, schemeful): said
 * once, in the cookie model (http/cookie-model.ts), which also keeps and
 * sends the cookies by it.
 */
export { sameSite, siteOf } from '../http/cookie-model';
