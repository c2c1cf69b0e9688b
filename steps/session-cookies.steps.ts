/**
 * The cookies a browser keeps: whether a browser on the frontend's origin
 * stores the cookie the last answer set, sends it on a later call, and drops
 * it at logout. Judged by the cookie model (http/cookie-model.ts, RFC
 * 6265bis) on the scenario's jar, through the cookie rules (rules/cookies.ts);
 * after "a script in the browser on …", also by the engine itself: Chromium
 * with its reasons (DevTools blockedCookies), Firefox by what it keeps.
 */
import { REASON_WORDS, type CookieBlockedReason } from '../http/cookie-model';
import { cookiesFor } from '../http/cookie-model';
import { findCookie } from '../http/set-cookie';
import type { Exchange } from '../http/client';
import { logoutKeepsCookie, plainReason, refusalFinding } from '../rules/cookies';
import type { CookieWitness } from '../browser/browser-scripts';
import type { Endpoint } from './support/contract';
import { ParameterError } from './support/parameter-parsers';
import { ensure, fail, failRule } from './support/verdict';
import { misuse } from './support/misuse';
import { sentences } from './support/sentences';
import type { ConformanceWorld, CookieRecord } from './support/world';

const sentence = sentences('Cookies a browser keeps');

const REASONS = Object.keys(REASON_WORDS) as CookieBlockedReason[];

function who(record: CookieRecord): string {
  return record.origin === null ? 'a plain client' : `a browser on ${record.origin}`;
}

/** The record of the last response: what the jar did with its cookies. */
function recordOf(world: ConformanceWorld, response: Exchange, name: string): CookieRecord {
  const record = world.cookieRecords.get(response);
  if (record === undefined) misuse('the last response did not reach the scenario\'s cookie jar: a When step must call the server first');
  ensure(findCookie(response.headers, name) !== undefined, () => `the response does not set the cookie ${name}`);
  return record;
}

const words = (reasons: readonly string[]) => reasons.map((r) => `${r} (${REASON_WORDS[plainReason(r) as CookieBlockedReason] ?? 'a reason of the engine\'s own'})`).join(', ');

/** What the engine did with the cookie: kept, refused with its reasons (Chromium), or not kept (Firefox gives no reason). */
function engineVerdict(witness: CookieWitness, name: string): { kept: true } | { kept: false; reasons: readonly string[] | null } {
  const blocked = witness.blocked?.find((b) => b.name === name);
  if (blocked !== undefined) return { kept: false, reasons: blocked.reasons };
  return witness.kept.some((c) => c.name === name) ? { kept: true } : { kept: false, reasons: null };
}

sentence(
  'Then',
  'the browser keeps the cookie {string}',
  {
    summary:
      "The last response sets the cookie, and a browser that made the call keeps it: a browser on the script's origin for a script's call (credentials include), a same-site client for a plain client's. Judged by the cookie model (RFC 6265bis: Secure, Domain, Path, SameSite, prefixes) and, after \"a script in the browser on …\", by the engine too. A refusal names the reason as Chromium's DevTools do (SameSiteNoneInsecure, SecureOnly, InvalidDomain, SameSiteLax…).",
    example: 'Then the browser keeps the cookie "session"',
  },
  function (this: ConformanceWorld, name: string) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const record = recordOf(this, response, name);
      const refused = record.outcome.refused.find((r) => r.cookie === name);
      const engine = record.browser === undefined ? undefined : { name: record.browser.engine, ...engineVerdict(record.browser, name) };
      const sameSite = findCookie(response.headers, name)?.sameSite;
      const origin = record.origin ?? this.settings.origin;
      // The engine's own word, beside the model's: its reasons (Chromium), that it did not store it (Firefox), or that it keeps it.
      const engineSays = engine === undefined ? '' : engine.kept ? `; ${engine.name} keeps it` : engine.reasons === null ? `; ${engine.name} did not store it (it gives no reason)` : `; ${engine.name} refuses it: ${engine.reasons.join(', ')}`;
      if (refused !== undefined) {
        failRule(refusalFinding(name, refused.reasons, sameSite, origin, response.request.url), `${who(record)} refuses the cookie ${name}, by the cookie model: ${words(refused.reasons)}${engineSays}`);
      }
      if (engine !== undefined && !engine.kept) {
        if (engine.reasons !== null) failRule(refusalFinding(name, engine.reasons, sameSite, origin, response.request.url), `${engine.name} refuses the cookie ${name}: ${words(engine.reasons)} (the cookie model keeps it)`);
        fail(`${engine.name} did not store the cookie ${name} (it gives no reason; the cookie model keeps it)`);
      }
    });
  },
);

sentence(
  'Then',
  'the browser refuses the cookie {string}',
  {
    summary: 'The last response sets the cookie, and the browser that made the call does not keep it (by the cookie model, and by the engine after "a script in the browser on …").',
    example: 'Then the browser refuses the cookie "session"',
  },
  function (this: ConformanceWorld, name: string) {
    refuses(this, name, null);
  },
);

sentence(
  'Then',
  'the browser refuses the cookie {string} because {string}',
  {
    summary: `As above, for this reason, named as Chromium's DevTools name it (Network.SetCookieBlockedReason): ${REASONS.map((r) => `\`${r}\``).join(', ')}. Chromium's "Schemeful" reasons count as the plain ones. Firefox gives no reason: there the sentence checks only that it did not keep the cookie.`,
    example: 'Then the browser refuses the cookie "session" because "SameSiteNoneInsecure"',
  },
  function (this: ConformanceWorld, name: string, reason: string) {
    if (!REASONS.includes(plainReason(reason) as CookieBlockedReason)) throw new ParameterError(`"${reason}" is not a reason a browser refuses a cookie for; one of: ${REASONS.join(', ')}`);
    refuses(this, name, plainReason(reason) as CookieBlockedReason);
  },
);

function refuses(world: ConformanceWorld, name: string, reason: CookieBlockedReason | null): void {
  const response = world.lastResponse();
  world.verify(response, () => {
    const record = recordOf(world, response, name);
    const refused = record.outcome.refused.find((r) => r.cookie === name);
    ensure(refused !== undefined, () => `${who(record)} keeps the cookie ${name}, by the cookie model`);
    const modelReasons = refused.reasons.map(plainReason);
    ensure(reason === null || modelReasons.includes(reason), () => `the cookie model refuses the cookie ${name} for ${words(refused.reasons)}, not ${reason}`);
    if (record.browser !== undefined) {
      const engine = engineVerdict(record.browser, name);
      ensure(!engine.kept, () => `${record.browser!.engine} keeps the cookie ${name}`);
      const reasons = engine.reasons;
      ensure(reason === null || reasons === null || reasons.map(plainReason).includes(reason), () => `${record.browser!.engine} refuses the cookie ${name} for ${words(reasons ?? [])}, not ${reason}`);
    }
  });
}

sentence(
  'Then',
  'the browser sends the cookie {string} with the next call to {endpoint}',
  {
    summary:
      'A later request to that route carries the cookie: the browser keeps it and sends it there (its domain, path, Secure and SameSite allow it for a request from the same caller as the last response: a script on its origin, or a plain client). Judged by the cookie model on the scenario\'s jar, and, after "a script in the browser on …", the engine must keep it.',
    example: 'Then the browser sends the cookie "session" with the next call to "GET /api/session/me"',
  },
  function (this: ConformanceWorld, name: string, endpoint: Endpoint) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const record = this.cookieRecords.get(response);
      if (record === undefined) misuse('the last response did not reach the scenario\'s cookie jar: a When step must call the server first');
      const url = this.client.urlFor(endpoint.path);
      const { sent, withheld } = cookiesFor(this.cookieJar, url, record.origin);
      if (!sent.some((c) => c.name === name)) {
        const held = withheld.find((w) => w.cookie.name === name);
        if (held === undefined) fail(`the browser does not keep the cookie ${name}, so no call sends it (cookies kept: ${this.cookieJar.map((c) => c.name).join(', ') || 'none'})`);
        const setBy = this.cookieSetBy.get(name);
        const finding = refusalFinding(name, held.reasons, setBy === undefined ? undefined : findCookie(setBy.headers, name)?.sameSite, record.origin ?? this.settings.origin, url);
        const message = `${who(record)} keeps the cookie ${name} but does not send it with ${endpoint.method} ${url}: ${words(held.reasons)}`;
        if (finding.rule === 'cookie-not-sent-cross-site') failRule(finding, message);
        fail(message);
      }
      if (record.browser !== undefined) ensure(engineVerdict(record.browser, name).kept, () => `${record.browser!.engine} does not keep the cookie ${name}, so it cannot send it`);
    });
  },
);

sentence(
  'Then',
  'the browser no longer keeps the cookie {string}',
  {
    summary:
      'After the last response (a logout), the browser keeps no cookie of that name: the answer deleted it with the same name, Domain and Path it was set with (RFC 6265bis §5.7). A deletion with another Path or Domain leaves the login cookie, and the user signed in [logout-keeps-cookie].',
    example: 'Then the browser no longer keeps the cookie "session"',
  },
  function (this: ConformanceWorld, name: string) {
    const response = this.lastResponse();
    this.verify(response, () => {
      const record = this.cookieRecords.get(response);
      if (record === undefined) misuse('the last response did not reach the scenario\'s cookie jar: a When step must call the server first');
      const kept = this.cookieJar.find((c) => c.name === name);
      if (kept !== undefined) {
        const setBy = this.cookieSetBy.get(name);
        const [finding] = setBy === undefined ? [] : logoutKeepsCookie(setBy, response, record.origin);
        if (finding !== undefined && finding.rule === 'logout-keeps-cookie' && finding.kind === 'deletion-refused') {
          failRule(finding, `the browser still keeps the cookie ${name}: it refuses the answer's deletion itself, ${words(finding.facts.reasons ?? [])}`);
        }
        if (finding !== undefined && finding.rule === 'logout-keeps-cookie') {
          const { set, cleared } = finding.facts;
          failRule(finding, `the browser still keeps the cookie ${name}: it was set with Path=${set.path}${set.domain === null ? '' : `; Domain=${set.domain}`}, and the answer clears Path=${cleared.path}${cleared.domain === null ? '' : `; Domain=${cleared.domain}`}, which is another cookie`);
        }
        fail(`the browser still keeps the cookie ${name}: the answer does not clear it`);
      }
      if (record.browser !== undefined) ensure(!record.browser.kept.some((c) => c.name === name), () => `${record.browser!.engine} still keeps the cookie ${name}`);
    });
  },
);
