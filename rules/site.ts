/**
 * Same-site, for the cookie findings: whether a browser on the frontend's
 * origin sends a SameSite=Lax or Strict cookie with its fetch() calls to the
 * API. Schemeful same-site (HTML, "same site"; RFC 6265bis §5.2): the same
 * scheme and the same registrable domain. Without a public-suffix list the
 * registrable domain is taken as the last two labels (the last three when
 * the second-level label is short, as in "example.co.uk"); an IP address or
 * a single label is its own site.
 */

function registrableDomain(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^[\d.]+$/.test(bare) || bare.includes(':') || !bare.includes('.')) return bare;
  const labels = bare.split('.');
  const take = labels.length >= 3 && labels[labels.length - 2].length <= 3 && labels[labels.length - 1].length === 2 ? 3 : 2;
  return labels.slice(-take).join('.');
}

export function siteOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${registrableDomain(parsed.hostname)}`;
}

export function sameSite(a: string, b: string): boolean {
  return siteOf(a) === siteOf(b);
}
