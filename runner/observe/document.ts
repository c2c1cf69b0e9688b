/**
 * The document observe judges the promises by (--openapi): read and
 * resolved as the audit reads it (runner/audit/document.ts), named schemas
 * compiled once, and what it says of itself for the report. Only when named:
 * observe sends nothing to the API of its own accord without it.
 */
import { componentSchemasOf } from '../../openapi/undeclared-fields';
import { operationsOf } from '../../openapi/operations';
import { frameworkOf, loadDocument, type Framework } from '../audit/document';
import type { ObserveOptions } from '../configuration';
import type { ObservedDocument } from './judge';

export interface ObservedDocumentSummary {
  readonly source: string;
  readonly title: string;
  readonly version: string;
  readonly openapi: string;
  readonly framework: Framework;
  readonly operations: number;
}

export async function readObservedDocument(options: ObserveOptions): Promise<{ judged: ObservedDocument; summary: ObservedDocumentSummary }> {
  const { document } = await loadDocument(options.openapi, { target: options.target, timeoutMs: Math.min(options.timeoutMs, 30_000), insecure: options.insecure, headers: [] });
  const operations = operationsOf(document);
  const framework = frameworkOf(document, operations);
  return {
    judged: { operations, family: document.family, schemas: componentSchemasOf(document.root), framework },
    summary: { source: document.source, title: document.info.title, version: document.info.version, openapi: document.openapi, framework, operations: operations.length },
  };
}
