/**
 * The cookie mistakes a browser punishes, each a broken variant of the
 * signed-in app's cookie session (app.py --cookie-fault), with the scenarios
 * of features/session-cookie.feature it must fail (in the model, Chromium
 * and Firefox), the words each failure must say, and the audit's finding.
 * test/harness/session-cookies.test.ts and the matrix hold the suite to it.
 */
import { COOKIE_TEST_HOST } from '../../http/cookie-model';

export interface CookieMistake {
  readonly name: string;
  /** app.py's arguments. */
  readonly args: readonly string[];
  /** Reached by the named host (not loopback, so not trustworthy). */
  readonly viaNamedHost?: boolean;
  /** The scenarios it fails, and what each failure must say. */
  readonly fails: Readonly<Record<string, RegExp>>;
  /** The audit's finding on the login's (or the logout's) answer: `rule:reason` or `rule:kind`. */
  readonly finding: string;
}

export const COOKIE_FEATURES = ['examples/signed-in/features/session-cookie.feature'];
/** The frontend is on http: an https page may not fetch http://api.cookie-test (mixed content; only loopback is exempt). */
export const COOKIE_FRONTEND = 'http://notes.example';

/** The target as the named host, for a target on 127.0.0.1. */
export const viaNamedHost = (url: string) => url.replace('127.0.0.1', COOKIE_TEST_HOST);

const NOT_SENT = /the browser refuses a script on http:\/\/notes\.example the response/;

export const COOKIE_MISTAKES: readonly CookieMistake[] = [
  {
    name: 'SameSite=None without Secure',
    args: ['--cookie-fault', 'samesite-none-insecure'],
    fails: {
      'session-cookie-1': /by the cookie model: SameSiteNoneInsecure .*\[samesite-none-without-secure\]/,
      'session-cookie-2': /does not keep the cookie session/,
      'session-cookie-4': /SameSiteNoneInsecure .*; Chromium refuses it: SameSiteNoneInsecure \[samesite-none-without-secure\]/,
      'session-cookie-4@firefox': /SameSiteNoneInsecure .*; Firefox did not store it \(it gives no reason\) \[samesite-none-without-secure\]/,
      'session-cookie-5': NOT_SENT,
      'session-cookie-5@firefox': NOT_SENT,
    },
    finding: 'samesite-none-without-secure:not-secure',
  },
  {
    name: 'Secure over http (a named host, not loopback)',
    args: [],
    viaNamedHost: true,
    fails: {
      'session-cookie-1': /SecureOnly.*\[cookie-refused\]/,
      'session-cookie-2': /does not keep the cookie session/,
      'session-cookie-4': /SecureOnly .*; Chromium refuses it: SecureOnly \[cookie-refused\]/,
      'session-cookie-4@firefox': /SecureOnly .*; Firefox did not store it .*\[cookie-refused\]/,
      'session-cookie-5': NOT_SENT,
      'session-cookie-5@firefox': NOT_SENT,
    },
    finding: 'cookie-refused:SecureOnly',
  },
  {
    name: 'a Domain the API is not in',
    args: ['--cookie-fault', 'domain-mismatch'],
    fails: {
      'session-cookie-1': /InvalidDomain.*\[cookie-refused\]/,
      'session-cookie-2': /does not keep the cookie session/,
      'session-cookie-4': /InvalidDomain .*; Chromium refuses it: InvalidDomain \[cookie-refused\]/,
      'session-cookie-4@firefox': /InvalidDomain .*; Firefox did not store it .*\[cookie-refused\]/,
      'session-cookie-5': NOT_SENT,
      'session-cookie-5@firefox': NOT_SENT,
    },
    finding: 'cookie-refused:InvalidDomain',
  },
  {
    name: 'a Lax cookie set in answer to a cross-site fetch()',
    args: ['--cookie-fault', 'lax-cross-site'],
    fails: {
      'session-cookie-1': /SameSiteLax.*\[cookie-not-sent-cross-site\]/,
      'session-cookie-2': /does not keep the cookie session/,
      'session-cookie-4': /SameSiteLax .*; Chromium refuses it: (Schemeful)?SameSiteLax \[cookie-not-sent-cross-site\]/,
      'session-cookie-4@firefox': /SameSiteLax .*; Firefox did not store it .*\[cookie-not-sent-cross-site\]/,
      'session-cookie-5': NOT_SENT,
      'session-cookie-5@firefox': NOT_SENT,
    },
    finding: 'cookie-not-sent-cross-site:SameSiteLax',
  },
  {
    name: 'a logout that deletes another Path',
    args: ['--cookie-fault', 'logout-other-path'],
    fails: {
      'session-cookie-3': /still keeps the cookie session: it was set with Path=\/api, and the answer clears Path=\/.*\[logout-keeps-cookie\]/,
      'session-cookie-6': /\[logout-keeps-cookie\]/,
      'session-cookie-6@firefox': /\[logout-keeps-cookie\]/,
    },
    finding: 'logout-keeps-cookie:path',
  },
];
