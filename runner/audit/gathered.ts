/**
 * What the audit gathers for each planned call before it judges the whole:
 * the document it read, the context every call is sent in, and each call's
 * answers (a request's evidence, its promises judged, its error probes and
 * the browsers' sights; or an unsafe operation's preflight alone). Types and
 * small pure helpers only: gather.ts sends, index.ts judges and reports.
 */
import type { TargetClient } from '../../http/client';
import type { HeaderList } from '../../http/header-list';
import type { Send } from '../../http/script-fetch';
import type { Operation } from '../../openapi/operations';
import type { ResolvedDocument } from '../../openapi/document';
import type { ComponentSchemas } from '../../openapi/undeclared-fields';
import type { PromiseJudgement, judgePromises as JudgePromises } from '../../rules/promises';
import type { AuditOptions, CredentialsMode } from '../configuration';
import type { Framework } from './document';
import type { SentProbe } from './error-probes';
import { explainPromise, type Finding } from './explain';
import type { BrowserView, RouteEvidence } from './inspect';
import type { PlannedCall } from './plan';
import type { Session } from './signin';
import type { Harvest } from './values';

export interface LoadedDocument {
  readonly document: ResolvedDocument;
  readonly operations: readonly Operation[];
  readonly framework: Framework;
  readonly serversNote: string | null;
  readonly judge: typeof JudgePromises;
  /** The document's named schemas, which its discriminators name. */
  readonly schemas: ComponentSchemas;
}

/** What every call of one audit is sent with. */
export interface AuditContext {
  readonly options: AuditOptions;
  readonly client: TargetClient;
  readonly send: Send;
  readonly credentials: { readonly mode: CredentialsMode; readonly why: string };
  readonly session: Session;
  /** The document read; undefined for a --route audit. */
  readonly loaded: LoadedDocument | undefined;
  /** The values the answers supply (values.ts); undefined without a document. */
  readonly harvest: Harvest | undefined;
}

/** A document's operation judged on its answer: the findings in the audit's words, and the facts the report keeps. */
export interface PromiseVerdict {
  readonly findings: readonly Finding[];
  /** The headers the document declares for the answer's status. */
  readonly declaredHeaders: readonly string[];
  readonly optionalNulls: readonly string[];
  /** The schemas Ajv could not compile, and what each left unchecked. */
  readonly unchecked?: PromiseJudgement['unchecked'];
}

export function promiseVerdict(judged: PromiseJudgement, operation: Operation, framework: Framework): PromiseVerdict {
  return {
    findings: judged.failures.map((failed) => explainPromise(failed, operation, framework)),
    declaredHeaders: Object.values(judged.declared?.headers ?? {}).map((h) => h.name),
    optionalNulls: judged.optionalNulls,
    ...(judged.unchecked === undefined ? {} : { unchecked: judged.unchecked }),
  };
}

/** An engine's view of a route, before it is compared with the model's. */
export interface EngineSight {
  readonly engine: BrowserView['engine'];
  readonly granted: boolean;
  readonly readable: readonly string[];
}

/** For error-not-readable (rules/errors.ts): the start of an error answer's body, kept when the rest is dropped; the error probes sent, with their promises judged. */
export interface ErrorEvidence {
  readonly text: string;
  readonly probes: readonly (SentProbe & { readonly promises: readonly Finding[] })[];
}

/** An unsafe operation's preflight, sent alone (without --unsafe): its status and verdict. */
export interface PreflightSent {
  readonly path: string;
  readonly status: number;
  readonly ok: boolean;
  readonly reason: string | null;
}

export type Gathered =
  | { readonly kind: 'request'; readonly call: PlannedCall; readonly evidence: RouteEvidence; readonly promises?: PromiseVerdict; readonly sights?: Promise<EngineSight[]>; readonly errors?: ErrorEvidence }
  | { readonly kind: 'preflight'; readonly call: PlannedCall; readonly preflight: PreflightSent | undefined; readonly findings: readonly Finding[]; readonly global?: readonly Finding[] };

export type GatheredRequest = Extract<Gathered, { kind: 'request' }>;

/** Enough of an error answer's body for its first line. */
export const ERROR_TEXT_KEPT = 2000;

/** The exchanges without their bodies: once the body is judged, the audit of a large document keeps only heads. */
export function withoutBodies(evidence: RouteEvidence): RouteEvidence {
  const bare = <T extends { text: string }>(exchange: T): T => ({ ...exchange, text: '' });
  return { ...evidence, actual: bare(evidence.actual), probe: bare(evidence.probe), nullProbe: bare(evidence.nullProbe), ...(evidence.preflight === undefined ? {} : { preflight: bare(evidence.preflight) }), ...(evidence.plain === undefined ? {} : { plain: bare(evidence.plain) }), ...(evidence.echoProbes === undefined ? {} : { echoProbes: evidence.echoProbes.map((p) => ({ ...p, exchange: bare(p.exchange) })) }) };
}

/** One Cookie header from several (a key in a cookie, the session's), as a browser sends them. */
export function oneCookieHeader(headers: HeaderList): HeaderList {
  return headers.length === 0 ? [] : [['Cookie', headers.map(([, value]) => value).join('; ')]];
}
