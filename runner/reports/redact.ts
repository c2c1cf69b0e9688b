/**
 * Secrets never reach an output: values given with --header and the
 * userinfo of --target are replaced wherever they appear, including in
 * response heads a server echoed them into.
 */
import { basicCredentials } from '../../http/target';
import type { Summary } from '../run/summary';
import type { RunOptions } from '../configuration';

export type Redact = (text: string) => string;

const MASK = '[REDACTED]';

/**
 * `signIn`: the audit's sign-in secrets (runner/audit/signin.ts signInSecrets): --token,
 * --login-password, --login-body and the values inside it, and what the sign-in obtained
 * (the access token, the session cookie's value).
 */
export function redactorFor(options: Pick<RunOptions, 'headers' | 'target'> & { readonly signIn?: readonly string[] }): Redact {
  const secrets = new Set<string>(options.signIn ?? []);
  for (const [, value] of options.headers) {
    secrets.add(value);
    const token = /^\S+\s+(\S+)$/.exec(value)?.[1]; // the credentials of "Bearer x" or "Basic x"
    if (token) secrets.add(token);
  }
  if (options.target) {
    const url = new URL(options.target);
    for (const part of [url.username, url.password]) if (part) secrets.add(part).add(decodeURIComponent(part));
    const credentials = basicCredentials(options.target);
    if (credentials !== undefined) secrets.add(credentials);
  }
  // Longest first, so a secret containing another is masked whole; very short values would mask ordinary text.
  const ordered = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => ordered.reduce((out, secret) => out.split(secret).join(MASK), text);
}

export function redactSummary(summary: Summary, redact: Redact): Summary {
  return JSON.parse(redact(JSON.stringify(summary))) as Summary;
}
