/**
 * The secrets of a run or an audit, and their masking in its reports
 * (http/secrets.ts says how: by field, and by value inside string values
 * only, never by text replacement over a serialised report).
 *
 * A new source of secrets is one line in secretsOf: `.add(value)` for a
 * token or a password, `.addHeader(name, value)` for a header sent with
 * every request, `.addFields(body)` for a sign-in's body (each field's
 * value). Secrets met during a run (RunScope.secrets) join with
 * `.addAll(run.secrets)` where the run's result is reported.
 */
import { Secrets } from '../../http/secrets';
import type { Summary } from '../run/summary';
import type { RunOptions } from '../configuration';

export { Secrets };

/**
 * The secrets the options carry: every --header value (its name is masked by
 * field too), the target's userinfo, and the audit's sign-in (--token,
 * --login-password, and --login-body with every value in it). What a sign-in
 * obtains (an access token, a session cookie) joins during the run, through
 * the set given to addAll().
 */
export function secretsOf(options: Pick<RunOptions, 'headers' | 'target'> & { readonly token?: string; readonly loginPassword?: string; readonly loginBody?: string }): Secrets {
  const secrets = new Secrets();
  for (const [name, value] of options.headers) secrets.addHeader(name, value);
  secrets.addTarget(options.target);
  return secrets.add(options.token).add(options.loginPassword).addFields(options.loginBody);
}

/**
 * A scenario's own words, made by this program from the feature's tags and
 * file, never from what a server or a user's flag sent: kept as they are,
 * so a secret that happens to be "passed" or "MUST" cannot break a report.
 */
const OWN_WORDS = ['id', 'area', 'level', 'status', 'outcome', 'engine', 'scenarioId', 'scenarioArea'] as const;

/** The summary with every known secret masked in its string values (a scenario's own words aside). */
export function redactSummary(summary: Summary, secrets: Secrets): Summary {
  const masked = secrets.maskData(summary);
  if (masked === summary) return summary;
  const own = (s: Summary['scenarios'][number]) => Object.fromEntries(OWN_WORDS.filter((key) => s[key] !== undefined).map((key) => [key, s[key]]));
  return { ...masked, scenarios: masked.scenarios.map((scenario, i) => ({ ...scenario, ...own(summary.scenarios[i]) })) };
}

/**
 * A block of cucumber's message stream (whole lines, each a JSON envelope)
 * with every known secret masked in the envelopes' string values: each line
 * is parsed, masked and written again, so every line stays JSON.
 */
export function redactMessages(block: string, secrets: Secrets): string {
  if (secrets.empty) return block;
  return block.replace(/[^\n]+/g, (line) => {
    if (!secrets.mayBeInJson(line)) return line; // most lines hold no secret: copied as they are, unparsed
    let envelope: unknown;
    try {
      envelope = JSON.parse(line);
    } catch {
      return secrets.maskText(line); // never met: cucumber writes one JSON envelope a line
    }
    return JSON.stringify(secrets.maskData(envelope));
  });
}
