/**
 * Which response headers are the API's own. A header a standard defines
 * (RFC 9110's fields, the CORS protocol's, the security and caching headers
 * browsers act on) says how the answer travels, not what the API tells its
 * frontend: a script rarely reads it, and a hidden one is no news. Any
 * other header (X-Total-Count, X-Request-Id, X-Debug-Query-Time) is custom:
 * the API sent it for someone to read, so the audit says when a script on
 * the origin cannot. Written once here, for the table, the report and the
 * written feature.
 */
import { isCorsProtocolHeaderName } from '../../rules/script';

/**
 * Fields the standards define for a response (lower case). Sources: RFC 9110
 * §6.6, §8, §10.2, §11.6, §14, §15; RFC 9111 §5 (caching); RFC 8288 (Link);
 * RFC 6265bis (Set-Cookie); RFC 6797 (HSTS); RFC 7838 (Alt-Svc); W3C CSP,
 * Referrer Policy, Permissions Policy, Server Timing, Reporting; HTML
 * (Cross-Origin-*-Policy, X-Frame-Options); Fetch (X-Content-Type-Options,
 * Timing-Allow-Origin); the connection-level fields of RFC 9110 §7.6.1; and
 * X-Powered-By, a banner no frontend reads.
 */
const STANDARD_RESPONSE_HEADERS = new Set([
  'accept-patch', 'accept-ranges', 'age', 'allow', 'alt-svc', 'cache-control', 'cache-status', 'clear-site-data',
  'connection', 'content-disposition', 'content-encoding', 'content-language', 'content-length', 'content-location',
  'content-range', 'content-security-policy', 'content-security-policy-report-only', 'content-type',
  'cross-origin-embedder-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'date', 'etag',
  'expires', 'keep-alive', 'last-modified', 'link', 'location', 'nel', 'permissions-policy', 'pragma',
  'proxy-authenticate', 'proxy-connection', 'referrer-policy', 'report-to', 'reporting-endpoints', 'retry-after',
  'server', 'server-timing', 'set-cookie', 'set-cookie2', 'strict-transport-security', 'timing-allow-origin',
  'trailer', 'transfer-encoding', 'upgrade', 'vary', 'via', 'www-authenticate', 'x-content-type-options',
  'x-frame-options', 'x-xss-protection', 'x-powered-by',
]);

/** A header the API sent for its frontend to read: neither standard nor the CORS protocol's. */
export function isCustomHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return !STANDARD_RESPONSE_HEADERS.has(lower) && !isCorsProtocolHeaderName(lower);
}

/**
 * What the audit says of a custom header that arrives hidden: no level (the
 * API may mean to hide it, as the shop hides X-Debug-Query-Time), only the fix
 * for when the frontend does read it, in FastAPI's terms when FastAPI wrote
 * the document.
 */
export function hiddenCustomAdvice(name: string, origin: string, framework: 'FastAPI' | null = null): string {
  const where = framework === 'FastAPI' ? `CORSMiddleware(expose_headers=[…, "${name}"])` : 'expose_headers (Access-Control-Expose-Headers)';
  return `${name} arrives, but a script on ${origin} cannot read it: if the frontend reads it, add it to ${where}`;
}
