/**
 * What a run tells a reader who ran it the way a newcomer often does, said
 * once in the terminal and in summary.md alike: the header naming the target
 * and the origin the scripts were on, the default origin left in place
 * against their own API (the origin trap), and the contract run against an
 * API that serves something else.
 */
import { DEFAULTS } from '../../http/defaults';
import { REFERENCE_LABEL, type Summary } from '../run/summary';

/** The origin a suggested command shows when the run's is the default one, which is no frontend of the user's. */
const EXAMPLE_ORIGIN = 'https://app.example';

export function isBundledReference(summary: Pick<Summary, 'target'>): boolean {
  return summary.target.endsWith(REFERENCE_LABEL);
}

/** Where the run's origin came from, as the header says it. */
export function originSource(origin: string): 'the default origin' | '--origin' {
  return origin === DEFAULTS.origin ? 'the default origin' : '--origin';
}

/** "target: http://127.0.0.1:8000 · scripts on https://app.example (--origin)". */
/** " · fetch() without credentials (--credentials)": the script sentences' credentials mode, when the run said it. */
export function credentialsPart(summary: Pick<Summary, 'credentials'>): string {
  const c = summary.credentials;
  return c === undefined ? '' : ` · fetch() ${c.mode === 'omit' ? 'without' : 'with'} credentials (${c.source})`;
}

export function headerLine(summary: Pick<Summary, 'target' | 'origin' | 'credentials'>): string {
  if (summary.origin === undefined) return `target: ${summary.target}`;
  return `target: ${summary.target} · scripts on ${summary.origin} (${originSource(summary.origin)})${credentialsPart(summary)}`;
}

/**
 * The origin trap: the default origin against a server that is not the
 * bundled reference. An API that grants only its own frontend refuses every
 * script on https://frontend.example, so each script scenario fails with "no
 * Access-Control-Allow-Origin" although the API may be right.
 */
export function originTrap(summary: Pick<Summary, 'target' | 'origin'>): string | undefined {
  if (summary.origin !== DEFAULTS.origin || isBundledReference(summary)) return undefined;
  return (
    `the scripts ran on the default origin ${DEFAULTS.origin}; an API that grants only its own frontend refuses them all ("no Access-Control-Allow-Origin"). ` +
    `Pass --origin with your frontend's real origin, e.g. --origin ${EXAMPLE_ORIGIN}`
  );
}

/** The commands that check a user's own API, with this run's target and origin. */
export function ownApiCommands(summary: Pick<Summary, 'target' | 'origin'>): string[] {
  const origin = summary.origin === undefined || summary.origin === DEFAULTS.origin ? EXAMPLE_ORIGIN : summary.origin;
  const target = summary.target.replace(REFERENCE_LABEL, '');
  return [
    `npx response-conformance audit --target ${target} --origin ${origin} --route "GET /api/items" --write-feature features/api/audit.feature`,
    `npx response-conformance --target ${target} --origin ${origin} --features features/api`,
  ];
}

/**
 * The contract ran against an API that does not serve it: most of its
 * scenarios got a 404. Said once, after the failures, with what to run
 * instead; nothing when the target serves the contract.
 */
export function contractAdvice(summary: Pick<Summary, 'target' | 'origin' | 'contractNotServed'>): { readonly lines: readonly string[]; readonly commands: readonly string[] } | undefined {
  const counts = summary.contractNotServed;
  if (counts === undefined) return undefined;
  const ownOrigin = summary.origin !== undefined && summary.origin !== DEFAULTS.origin;
  return {
    lines: [
      `The target does not seem to serve the contract: ${counts.notFound} of the ${counts.answered} contract scenarios that got a response got 404 Not Found.`,
      "The contract is the suite's own routes (/headers/, /cookie/, /items/{id} and the rest), which framework authors serve to prove their framework conformant.",
      `To check your own API, audit its routes (one --route each), then run the feature the audit writes${ownOrigin ? '' : ` (with your frontend's origin for ${EXAMPLE_ORIGIN})`}:`,
    ],
    commands: ownApiCommands(summary),
  };
}
