/**
 * The target's URL: the userinfo it may carry is sent as Basic credentials
 * (as curl does, RFC 7617) and never shown.
 */

/** The Basic credentials of the target's userinfo (RFC 7617 §2), or undefined when it has none. */
export function basicCredentials(target: string): string | undefined {
  const url = new URL(target);
  if (!url.username && !url.password) return undefined;
  return Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
}

/** The target as shown in messages and reports: without its userinfo. */
export function withoutUserinfo(target: string): string {
  const url = new URL(target);
  url.username = '';
  url.password = '';
  return url.href.replace(/\/+$/, '');
}
