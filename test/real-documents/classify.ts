/**
 * A first explanation of a finding met on a conformant mock, from its
 * evidence: which of "the document contradicts itself", "Prism's mock does
 * not answer as the document says" and "a false alarm of ours" it is, and
 * why. `npm run sweep -- --write-ledger` uses it to propose the ledger's
 * entries for findings the ledger does not explain yet; each proposal is
 * then read and corrected by hand where the evidence says otherwise
 * (expectations.json keeps the result, never this guess at run time).
 */
import type { DocumentResult, FindingTally } from './audit-document';
import type { Explained } from './ledger';

const prismSaid = (r: DocumentResult) =>
  Object.entries(r.mockErrors)
    .map(([type, n]) => `${type} ×${n}`)
    .join(', ');

/** Prism's static mock's value for a string without an example: the word "string". */
const PLACEHOLDER = /\("string"\)/;

export function classify(r: DocumentResult, id: string, t: FindingTally): Explained {
  const evidence = `${t.example.slice(0, 200)}${t.pointer === undefined ? '' : ` (${t.pointer})`}`;
  const prism = prismSaid(r);
  switch (id) {
    case 'undeclared-status':
      if (prism !== '') return { kind: 'mock', reason: `Prism answered its own error (${prism}) with a status the operation does not declare: ${evidence}` };
      return { kind: 'document', reason: `the mock answered a status the document gives (an example or a response Prism chose) that the operation's responses do not declare: ${evidence}` };
    case 'content-type-mismatch':
      return { kind: prism === '' ? 'document' : 'mock', reason: prism === '' ? `the media type Prism served from the document is not the one the operation declares: ${evidence}` : `Prism answered its own problem+json (${prism}) where the document declares another media type: ${evidence}` };
    case 'declared-header-mismatch':
      if (PLACEHOLDER.test(t.example)) return { kind: 'mock', reason: `Prism's static mock sends "string" for a declared header without an example, which the header's schema refuses: ${evidence}` };
      return { kind: 'mock', reason: `Prism sends a declared header without an example as a placeholder value that its schema refuses: ${evidence}` };
    case 'declared-header-missing':
      return { kind: 'mock', reason: `Prism does not send a header the document declares required (it has no example to send): ${evidence}` };
    case 'schema-mismatch':
      if (PLACEHOLDER.test(t.example)) return { kind: 'mock', reason: `Prism's static mock answers "string" for a string without an example, which the schema (a pattern, a format, a length) refuses: ${evidence}` };
      if (prism !== '') return { kind: 'mock', reason: `Prism's own error answer (${prism}) does not fit the schema the document declares for that status: ${evidence}` };
      return { kind: 'document', reason: `the document's example (served by the mock as it is) does not fit the document's own schema: ${evidence}` };
    case 'undeclared-field':
      if (prism !== '' && /\/title\b/.test(t.example) && /\/status\b/.test(t.example)) return { kind: 'mock', reason: `Prism's own problem+json (${prism}: type, title, status, detail) judged against the schema the document declares for that status: ${evidence}` };
      return { kind: 'document', reason: `the document's example (served by the mock as it is) has fields its own schema does not declare: ${evidence}` };
    default:
      return { kind: 'false-alarm', owner: 'unknown', reason: `not expected on a mock with correct CORS: ${evidence}` };
  }
}
