/**
 * The cookie mistakes of the matrix (examples/signed-in/cookie-mistakes.ts):
 * the signed-in app broken in each way, the session-cookie feature run
 * against it in the model and every engine, and the audit's judge
 * (rules/cookies.ts) on its login's and logout's answers.
 */
import { COOKIE_FEATURES, COOKIE_FRONTEND, viaNamedHost, type CookieMistake } from '../../examples/signed-in/cookie-mistakes';
import { TargetClient } from '../../http/client';
import { cookieRules, logoutKeepsCookie } from '../../rules/cookies';
import type { Engine } from '../../browser/engines';
import { loadRunConfiguration } from '../../runner/configuration';
import { runSuite } from '../../runner/run/index';
import { startListening } from '../support/processes';

export interface CookieRun {
  readonly mistake: CookieMistake;
  /** The scenarios that did not pass, with their messages. */
  readonly failed: Readonly<Record<string, string>>;
  /** Exactly the named scenarios failed, each saying what it must. */
  readonly exact: boolean;
  /** The audit's findings, as `rule:reason` (or `rule:kind`). */
  readonly findings: readonly string[];
}

const LOGIN = { method: 'POST', path: '/api/session', headers: [['Content-Type', 'application/json'], ['Origin', COOKIE_FRONTEND]] as [string, string][], body: '{"username": "alice", "password": "looking-glass-42"}' };

/** The audit's judge on the login's answer, and on the logout's after it. */
export async function cookieAuditFindings(target: string): Promise<string[]> {
  const client = new TargetClient({ target, timeoutMs: 5000, extraHeaders: [] });
  const login = await client.send(LOGIN);
  const logout = await client.send({ method: 'POST', path: '/api/session/logout', headers: [['Origin', COOKIE_FRONTEND]] });
  const found = [...cookieRules(login, COOKIE_FRONTEND, new Set()), ...logoutKeepsCookie(login, logout, COOKIE_FRONTEND)];
  return found.map((f) => `${f.rule}:${'reason' in f.facts && f.facts.reason !== undefined ? f.facts.reason : f.kind}`);
}

export async function runCookieMistake(mistake: CookieMistake, engines: readonly Engine[]): Promise<CookieRun> {
  const app = await startListening('/usr/bin/python3', ['examples/signed-in/app.py', '--port', '0', ...mistake.args]);
  try {
    const target = mistake.viaNamedHost === true ? viaNamedHost(app.url) : app.url;
    const { summary } = await runSuite({ ...loadRunConfiguration({}), target, origin: COOKIE_FRONTEND, features: COOKIE_FEATURES, browsers: engines, strict: true }, {}, { keepBrowser: true });
    const failed = Object.fromEntries(summary.scenarios.filter((s) => s.status !== 'passed').map((s) => [s.id, `${s.status}: ${s.message ?? ''}`]));
    // An engine the matrix does not run has no scenarios to fail.
    const expected = Object.entries(mistake.fails).filter(([id]) => engines.includes('firefox') || !id.endsWith('@firefox'));
    const exact = Object.keys(failed).length === expected.length && expected.every(([id, pattern]) => failed[id] !== undefined && pattern.test(failed[id]));
    return { mistake, failed, exact, findings: await cookieAuditFindings(target) };
  } finally {
    await app.stop();
  }
}
