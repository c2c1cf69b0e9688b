/**
 * What observe keeps of an exchange for its reports (the first exchange of
 * a finding: its target, an error body's first line), masked by that
 * exchange's own secrets, the ones the HAR writer masks over the whole
 * traffic (Authorization, its cookies, the cookies its answer set, query
 * values named like a credential), and a query pair named like a
 * credential wherever the text holds one.
 */
import { isCredentialName, meetCredentials } from '../../http/har';
import type { ObservedExchange } from '../../http/observed';
import { MASK, Secrets } from '../../http/secrets';

/** The exchange's credentials (found as the HAR writer finds them: http/har.ts meetCredentials), and a mask for a text of it: its credential-named query values too. */
export function maskerOf(exchange: ObservedExchange): (text: string) => string {
  const met = new Set<string>();
  meetCredentials(exchange, met);
  const secrets = new Secrets().addAll(met);
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
