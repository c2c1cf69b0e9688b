/**
 * The document observe judges the promises by (--openapi): read and
 * resolved as the audit reads it (runner/audit/document.ts), named schemas
 * compiled once, and what it says of itself for the report. Only when named:
 * observe sends nothing to the API of its own accord without it.
 */
import { componentSchemasOf } from '../../openapi/undeclared-fields';
import { operationsOf } from '../../openapi/operations';
import { frameworkOf, loadDocument, type DocumentSummary } from '../audit/document';
import type { ObserveOptions } from '../configuration';
import type { ObservedDocument } from './judge';

/** What the document says of itself, as the audit reports it (its notes are the audit's: about calling operations). */
export type ObservedDocumentSummary = Omit<DocumentSummary, 'notes'>;

export async function readObservedDocument(options: ObserveOptions): Promise<{ judged: ObservedDocument; summary: ObservedDocumentSummary }> {
  const { document } = await loadDocument(options.openapi, { target: options.target, timeoutMs: Math.min(options.timeoutMs, 30_000), insecure: options.insecure, headers: [] });
  const operations = operationsOf(document);
  const framework = frameworkOf(document, operations);
  return {
    judged: { operations, family: document.family, schemas: componentSchemasOf(document.root), framework },
    summary: { source: document.source, title: document.info.title, version: document.info.version, openapi: document.openapi, framework, operations: operations.length },
  };
}
