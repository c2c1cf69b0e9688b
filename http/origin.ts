/**
 * Origins as a browser sends them in the Origin header: the ASCII
 * serialization of a tuple origin, scheme "://" host [":" port], with no
 * path, query or trailing slash (RFC 6454 §6.2; HTML, "serialization of an
 * origin"). The command line and the features parse origins here alike.
 */

export type ParsedOrigin = { readonly ok: true; readonly origin: string } | { readonly ok: false; readonly reason: string };

export function parseSerializedOrigin(text: string): ParsedOrigin {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `"${text}" is not an origin: write scheme://host[:port], such as https://shop.example` };
  }
  if (url.origin === 'null') return { ok: false, reason: `"${text}" is not an origin: only http(s) URLs have a serialized origin, such as https://shop.example` };
  if (url.origin !== text) return { ok: false, reason: `"${text}" is not a serialized origin (scheme://host[:port], no path or trailing slash); did you mean "${url.origin}"?` };
  return { ok: true, origin: url.origin };
}
