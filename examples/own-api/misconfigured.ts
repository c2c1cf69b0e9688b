/**
 * Misconfigured variants of the shop API (app.py --misconfig NAME), one per
 * finding of `response-conformance audit`: against each, the audit must
 * report exactly that finding, and the feature it wrote for the API as it is
 * must fail. The audit's tests run them (test/harness/audit.test.ts).
 */
import { existsSync } from 'node:fs';
import type { FindingId } from '../../runner/api';

export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** The frontend the variants are audited from: a dev server on the API's own site, so that only the variant's mistake shows. */
export const DEV_ORIGIN = 'http://127.0.0.1:5173';

/** What the audit calls: the list, the login (a JSON body), who am I, and the REST-style logout (a DELETE). */
export const SHOP_ROUTES = ['GET /api/items?page=1', 'POST /api/login {"username": "alice", "password": "wonderland-7c1f"}', 'GET /api/me', 'DELETE /api/session'];
export const SHOP_HEADERS = ['Authorization: Bearer demo-token-3b9d'];

export interface Misconfiguration {
  /** The finding it must produce, and its name for app.py --misconfig (absent: the API as it is, from another origin). */
  readonly finding: FindingId;
  readonly misconfig?: string;
  /** The frontend origin the audit speaks for (DEV_ORIGIN unless said). */
  readonly origin?: string;
  /** The origin the app grants, when it is not the audit's. */
  readonly appOrigin?: string;
}

export const MISCONFIGURATIONS: readonly Misconfiguration[] = [
  { finding: 'wildcard-origin-with-credentials', misconfig: 'wildcard-origin-with-credentials' },
  { finding: 'origin-reflected', misconfig: 'origin-reflected' },
  { finding: 'null-origin-allowed', misconfig: 'null-origin-allowed' },
  { finding: 'vary-origin-missing', misconfig: 'vary-origin-missing' },
  { finding: 'expose-wildcard-with-credentials', misconfig: 'expose-wildcard-with-credentials' },
  { finding: 'set-cookie-exposed', misconfig: 'set-cookie-exposed' },
  { finding: 'preflight-refuses-method', misconfig: 'preflight-refuses-method' },
  { finding: 'preflight-refuses-header', misconfig: 'preflight-refuses-header' },
  { finding: 'samesite-none-without-secure', misconfig: 'samesite-none-without-secure' },
  { finding: 'session-cookie-not-httponly', misconfig: 'session-cookie-not-httponly' },
  { finding: 'cookie-refused', misconfig: 'cookie-refused' },
  { finding: 'logout-keeps-cookie', misconfig: 'logout-keeps-cookie' },
  { finding: 'credentials-not-allowed', misconfig: 'credentials-not-allowed' },
  { finding: 'allow-origin-list', misconfig: 'allow-origin-list' },
  { finding: 'preflight-not-ok', misconfig: 'preflight-not-ok' },
  { finding: 'preflight-refuses-origin', misconfig: 'preflight-refuses-origin' },
  { finding: 'error-not-readable', misconfig: 'error-not-readable' },
  // The API as it is, with a frontend on another site: its SameSite=Lax session cookie never comes back.
  { finding: 'cookie-not-sent-cross-site', origin: 'https://shop.example' },
  // The API as it is, configured for the frontend's new origin while the audit speaks for the old one.
  { finding: 'origin-refused', appOrigin: 'https://www.shop.example' },
];

export function shopArgs(origin: string, misconfig?: string): string[] {
  return ['examples/own-api/app.py', '--port', '0', '--origin', origin, ...(misconfig ? ['--misconfig', misconfig] : [])];
}
