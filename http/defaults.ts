/**
 * The defaults every request of a run is sent with, in one place: the
 * command line's, the audit's, the World's when cucumber-js runs the steps
 * alone, and the reference server's allowed origin all read them here.
 */
export const DEFAULTS = {
  /** The browser origin the target grants (--origin). The reference server allows it unless told otherwise. */
  origin: 'https://frontend.example',
  /** An origin the target must refuse; another when --origin is this one. */
  otherOrigin: 'https://elsewhere.example',
  otherOriginFallback: 'https://other.example',
  /** How long one request may take before it is given up on (--timeout). */
  timeoutMs: 5000,
} as const;

/** An origin the target must refuse, whatever --origin is. */
export function otherOriginThan(origin: string): string {
  return origin === DEFAULTS.otherOrigin ? DEFAULTS.otherOriginFallback : DEFAULTS.otherOrigin;
}
