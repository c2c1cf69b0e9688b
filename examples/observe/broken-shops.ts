/**
 * The shop (examples/own-api/app.py) broken as observe must catch it, one
 * kind each (issue 28, "Done when"): each entry is the shop's mistakes
 * (`--misconfig`, none for the shop as it is), where its frontend is served
 * from, the finding `response-conformance observe` must report while the
 * example's Playwright test walks the page, and no other, and what the
 * frontend does that meets the mistake. The page's own outcomes (what each
 * step of the Playwright test ends in) are here too: a broken API makes
 * the page show an error, never the test fail.
 */
import type { RuleId } from '../../runner/api';

/** The steps of the example's frontend, in the order its Playwright test walks them (shop.spec.ts). */
export type FrontendStep = 'items' | 'signin' | 'me' | 'signout';
/** How a step ends on the page: its result, or its error shown ("Failed to fetch", "HTTP 401: …"). */
export type StepOutcome = 'ok' | 'error';

/**
 * Where the page is served from. The shop listens on 127.0.0.1: a page on
 * 127.0.0.1 (any port) is on the API's own site, so the shop's
 * SameSite=Lax session cookie is kept and sent; a page on localhost is
 * another site (schemeful site http://localhost, not http://127.0.0.1), and
 * Chromium refuses the cookie from the login's answer.
 */
export type FrontendHost = '127.0.0.1' | 'localhost';

export interface BrokenShop {
  /** For test titles. */
  readonly name: string;
  /** The finding observe must report (the rules catalogue's id). */
  readonly finding: RuleId;
  /**
   * What the same exchange also breaks, judged by the document (observe
   * --openapi, which undeclared-field needs): a 500 the document does not
   * declare is `undeclared-status` too (SHOULD). Nothing else may be found.
   */
  readonly alongside: readonly RuleId[];
  /** app.py's arguments beyond --port and --origin (shopArgs adds those). */
  readonly args: readonly string[];
  /** The host the frontend's page is served from (frontendOrigin adds the page server's port). */
  readonly frontendHost: FrontendHost;
  /** What the frontend does that meets the mistake, and what the user sees. */
  readonly meets: string;
  /** What each step of the page ends in (the Playwright test's EXPECT_OUTCOMES). */
  readonly pageShows: Readonly<Record<FrontendStep, StepOutcome>>;
}

const ALL_OK: Readonly<Record<FrontendStep, StepOutcome>> = { items: 'ok', signin: 'ok', me: 'ok', signout: 'ok' };

export const BROKEN_SHOPS: readonly BrokenShop[] = [
  {
    name: 'a 500 answered outside CORS',
    finding: 'error-not-readable',
    alongside: ['undeclared-status'],
    args: ['--misconfig', 'error-not-readable'],
    frontendHost: '127.0.0.1',
    meets: 'asks who is signed in (GET /api/me with the bearer token): the handler raises, Starlette answers 500 outside CORSMiddleware, and the page shows "Failed to fetch" where the status should be',
    pageShows: { ...ALL_OK, me: 'error' },
  },
  {
    name: 'a POST whose answer leaks a field',
    finding: 'undeclared-field',
    alongside: [],
    args: ['--misconfig', 'login-leaks-field'],
    frontendHost: '127.0.0.1',
    meets: 'signs in (POST /api/login): the handler returns its JSONResponse itself, past response_model=User, and the answer carries is_admin, which the document\'s User does not declare; the page shows the user as usual',
    pageShows: ALL_OK,
  },
  {
    name: 'a login cookie a cross-site frontend refuses',
    finding: 'cookie-not-sent-cross-site',
    alongside: [],
    args: [],
    frontendHost: 'localhost',
    meets: 'signs in from http://localhost:PORT while the API is on http://127.0.0.1: the session cookie is SameSite=Lax, so Chromium refuses it from the cross-site fetch() and never sends it back (the sign-out goes without it); the page shows every step as done',
    pageShows: ALL_OK,
  },
  {
    name: 'a logout that does not delete the cookie',
    finding: 'logout-keeps-cookie',
    alongside: [],
    args: ['--misconfig', 'logout-keeps-cookie'],
    frontendHost: '127.0.0.1',
    meets: 'signs in, then signs out (DELETE /api/session): the deletion names Path=/api while the login set Path=/, so the browser keeps the session cookie; the page shows "Signed out" all the same',
    pageShows: ALL_OK,
  },
];

/** The shop as it is, its frontend on the API's own site: observe must find nothing, and exit 0. */
export const CORRECT_SHOP = {
  name: 'the shop as it is, its frontend on its own site',
  args: [],
  frontendHost: '127.0.0.1',
  pageShows: ALL_OK,
} as const satisfies Omit<BrokenShop, 'finding' | 'alongside' | 'meets'>;

/**
 * The shop as the example's README runs it, its frontend on its own site:
 * three mistakes at once, each a MUST (error-not-readable, undeclared-field,
 * logout-keeps-cookie; and the 500's undeclared-status, a SHOULD), so
 * `observe --openapi … -- npx playwright test …` exits 1.
 */
export const EXAMPLE_SHOP = {
  name: 'the shop with three mistakes',
  findings: ['error-not-readable', 'undeclared-field', 'logout-keeps-cookie', 'undeclared-status'],
  args: ['--misconfig', 'error-not-readable', '--misconfig', 'login-leaks-field', '--misconfig', 'logout-keeps-cookie'],
  frontendHost: '127.0.0.1',
  pageShows: { ...ALL_OK, me: 'error' },
} as const satisfies Omit<BrokenShop, 'finding' | 'alongside' | 'meets'> & { readonly findings: readonly RuleId[] };

/** The frontend's origin: its host, on the port the page server got (serve.mjs --port 0). */
export function frontendOrigin(shop: { readonly frontendHost: FrontendHost }, pagePort: number): string {
  return `http://${shop.frontendHost}:${pagePort}`;
}

/** app.py's command line (run from the repository's root with Debian's python3), granting the frontend's origin. */
export function shopArgs(shop: { readonly args: readonly string[] }, origin: string): string[] {
  return ['examples/own-api/app.py', '--port', '0', '--origin', origin, ...shop.args];
}

/** The Playwright test's EXPECT_OUTCOMES for this shop: "items=ok,signin=ok,me=error,signout=ok". */
export function expectOutcomes(shop: { readonly pageShows: Readonly<Record<FrontendStep, StepOutcome>> }): string {
  return (Object.keys(shop.pageShows) as FrontendStep[]).map((step) => `${step}=${shop.pageShows[step]}`).join(',');
}
