/**
 * What observe keeps of an exchange for its reports (the first exchange of
 * a finding: its target, an error body's first line), masked by that
 * exchange's own secrets: the credentials it carried (Authorization, its
 * cookies, the cookies its answer set) and query values named like a
 * credential (?token=…, ?api_key=…). The HAR is masked by the HAR writer,
 * over the whole traffic.
 */
import { isCredentialName } from '../../http/har';
import { fieldValues } from '../../http/header-list';
import type { ObservedExchange } from '../../http/observed';
import { MASK, Secrets } from '../../http/secrets';
import { cookiesSet } from '../../http/set-cookie';

/** The exchange's credentials as a Secrets, and a mask for a text of it: its query's credential-named values too. */
export function maskerOf(exchange: ObservedExchange): (text: string) => string {
  const secrets = new Secrets();
  const { request, response } = exchange;
  for (const name of ['Authorization', 'Proxy-Authorization']) {
    for (const value of fieldValues(request.headers, name)) {
      secrets.add(value);
      const credentials = /^\S+\s+(\S+)$/.exec(value)?.[1];
      secrets.add(credentials);
    }
  }
  for (const value of fieldValues(request.headers, 'Cookie')) {
    for (const pair of value.split(';')) {
      const at = pair.indexOf('=');
      if (at !== -1) secrets.add(pair.slice(at + 1).trim());
    }
  }
  if (response !== undefined) for (const cookie of cookiesSet(response.headers)) secrets.add(cookie.value);
  return (text) => maskQuery(secrets.empty ? text : secrets.maskText(text));
}

/** "/api/x?token=abc&page=2" → "/api/x?token=[REDACTED]&page=2". */
function maskQuery(text: string): string {
  return text.replace(/([?&])([^=&#\s]+)=([^&#\s]*)/g, (whole, lead: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // a name that is not percent-encoded correctly is judged as written
    }
    return isCredentialName(decoded) ? `${lead}${name}=${MASK}` : whole;
  });
}
