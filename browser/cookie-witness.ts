/**
 * The named host the cookie scenarios reach the target by when it must not
 * be loopback: browsers take 127.0.0.1 and localhost as trustworthy, so a
 * Secure cookie set over http://127.0.0.1 is kept, and "Secure over http"
 * shows only on a named host. Both engines map it to 127.0.0.1 (Chromium's
 * --host-resolver-rules, Firefox's network.dns.localDomains); the harness's
 * own client maps it too (http/client.ts `resolve`).
 */
export { COOKIE_TEST_HOST } from '../http/cookie-model';
