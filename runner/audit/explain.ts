/**
 * The audit's words for a failed rule (rules/): one line that says what
 * arrived and what to change, in FastAPI's terms when FastAPI wrote the
 * document. A renderer only: the rules decide, this says.
 */
import { statusWithReason } from '../../http/status';
import { levelOf, type Level, type RuleId } from '../../rules/catalogue';
import type { OriginGrantFailure, ExposeFailure, VaryFailure } from '../../rules/cors';
import { REASON_WORDS, type CookieFailure } from '../../rules/cookies';
import type { NullOriginFailure, ReflectionFailure } from '../../rules/origins';
import type { PreflightFailure } from '../../rules/preflight';
import { operationLabel, type FieldKind, type PromiseFailure, type UncheckedSchema } from '../../rules/promises';
import type { Operation } from '../../openapi/operations';
import type { Framework } from './document';

/** A failed rule as the audit reports it. */
export interface Finding {
  /** Stable: baselines and tools key on it; the message may change. */
  readonly id: RuleId;
  readonly level: Level;
  readonly message: string;
  /** For a finding about the document's promise: the JSON pointer of what the document says, the evidence. */
  readonly pointer?: string;
}

export type AuditFailure = OriginGrantFailure | VaryFailure | ExposeFailure | PreflightFailure | ReflectionFailure | NullOriginFailure | CookieFailure;

/** A failure as a finding: its rule's id and the catalogue's level, with the audit's words. */
const as = (failed: { rule: RuleId }, message: string, pointer?: string): Finding => ({ id: failed.rule, level: levelOf(failed.rule), message, ...(pointer === undefined ? {} : { pointer }) });

/** The CORS and cookie rules, in the audit's words. */
export function explain(failed: AuditFailure): Finding {
  switch (failed.rule) {
    case 'allow-origin-list':
      return as(failed, `Access-Control-Allow-Origin holds more than one value ("${failed.facts.allowOrigin}"), so it grants no one (Fetch §4.9): send exactly one, the request's Origin when it is on your allow-list`);
    case 'wildcard-origin-with-credentials':
      return as(failed, `Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true grants no credentialed request (Fetch §3.2.5): send the request's Origin (${failed.facts.origin}) from an allow-list instead of *`);
    case 'credentials-not-allowed':
      return as(failed, `${failed.facts.origin} is granted, but without Access-Control-Allow-Credentials: true, so a fetch() with credentials (cookies) is refused (Fetch §4.9): send it, or have the frontend fetch without credentials`);
    case 'origin-refused':
      return as(failed, `a ${failed.facts.credentialed ? 'credentialed ' : ''}script on ${failed.facts.origin} is refused: ${failed.facts.reason}; add the origin to the server's CORS allow-list`);
    case 'vary-origin-missing':
      return as(failed, `Access-Control-Allow-Origin names the request's origin, but Vary does not name Origin, so a cache may serve this answer to another origin (Fetch §3.2.3, RFC 9110 §12.5.5): add Vary: Origin`);
    case 'expose-wildcard-with-credentials':
      return as(failed, 'Access-Control-Expose-Headers: * exposes nothing to a script that sends credentials (Fetch §3.2.5): list the header names the frontend reads');
    case 'set-cookie-exposed':
      return as(failed, `Access-Control-Expose-Headers lists ${failed.facts.names.join(', ')}, which no script can ever read (a forbidden response-header name, Fetch §2.2.2): remove it`);
    case 'preflight-refuses-method':
      return as(failed, `the preflight refuses the route's own method: ${failed.facts.reason}; allow ${failed.facts.method}`);
    case 'preflight-refuses-header':
      return as(failed, `the preflight refuses a header the request needs: ${failed.facts.reason}; allow it`);
    case 'preflight-not-ok':
      return as(failed, `${failed.facts.verdict}: answer a preflight with 200 or 204`);
    case 'preflight-refuses-origin':
      return as(failed, `the preflight does not grant ${failed.facts.origin}: ${failed.facts.reason}`);
    case 'origin-reflected':
      return as(
        failed,
        `the server grants any origin: it echoed Origin: ${failed.facts.probeOrigin}${failed.facts.withCredentials ? ' with credentials, so any site can read its answers with the visitor\'s cookies' : ''}; check the Origin against an allow-list`,
      );
    case 'null-origin-allowed':
      return as(failed, 'the server grants Origin: null, which any sandboxed iframe or data: page sends: never allow "null"');
    case 'samesite-none-without-secure':
      return as(failed, `cookie ${failed.facts.cookie} is SameSite=None without Secure, so browsers reject it [SameSiteNoneInsecure] (RFC 6265bis §5.6.7): add Secure`);
    case 'session-cookie-not-httponly':
      return as(failed, `cookie ${failed.facts.cookie} looks like a session cookie but is not HttpOnly, so any script on the page (an injected one too) can read it: add HttpOnly`);
    case 'cookie-not-sent-cross-site': {
      const { cookie, sameSite, frontendSite, apiSite, reason } = failed.facts;
      const now = failed.kind === 'samesite-default' ? 'has no SameSite, which browsers treat as Lax' : `is SameSite=${sameSite}`;
      return as(failed, `cookie ${cookie} ${now} [${reason}], and ${frontendSite} is another site than ${apiSite}, so the browser does not send it with the frontend's fetch() calls (RFC 6265bis §5.2): serve the API on the frontend's site, or set SameSite=None; Secure`);
    }
    case 'cookie-refused': {
      const { cookie, reasons, origin } = failed.facts;
      return as(failed, `a browser on ${origin} refuses cookie ${cookie} [${reasons.join(', ')}]: ${reasons.map((r) => REASON_WORDS[r]).join('; ')} (RFC 6265bis §5.7)`);
    }
    case 'logout-keeps-cookie': {
      const { cookie, set, cleared } = failed.facts;
      const where = (c: { path: string; domain: string | null }) => `Path=${c.path}${c.domain === null ? ' (host-only)' : `; Domain=${c.domain}`}`;
      if (failed.kind === 'deletion-refused') {
        const reasons = failed.facts.reasons ?? [];
        return as(failed, `the logout clears cookie ${cookie}, but a browser on the origin refuses the deletion itself [${reasons.join(', ')}]: ${reasons.map((r) => REASON_WORDS[r]).join('; ')}, so it keeps the login cookie (RFC 6265bis §5.7): delete it with the attributes it was set with, SameSite and Secure included`);
      }
      return as(failed, `the logout clears cookie ${cookie} with ${where(cleared)}, but the login set it with ${where(set)}, so the browser keeps the login cookie (RFC 6265bis §5.7): delete it with the same Path and Domain (FastAPI: response.delete_cookie(${JSON.stringify(cookie)}, path=${JSON.stringify(set.path)}${set.domain === null ? '' : `, domain=${JSON.stringify(set.domain)}`}))`);
    }
  }
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/** The advice, in FastAPI's terms when FastAPI wrote the document. */
function fix(framework: Framework, fastapi: string, otherwise: string): string {
  return framework === 'FastAPI' ? fastapi : otherwise;
}

/** A field's kind and size in words: "a string of 15 characters". */
export function kindInWords(kind: FieldKind): string {
  switch (kind.type) {
    case 'null':
      return 'null';
    case 'array':
      return `an array of ${kind.size}`;
    case 'object':
      return 'an object';
    case 'string':
      return `a string of ${kind.size} character${kind.size === 1 ? '' : 's'}`;
    default:
      return `a ${kind.type}`;
  }
}

/** Up to `max` of `items`, then "and N more". */
function some(items: readonly string[], max = 3): string {
  return items.length <= max ? items.join('; ') : `${items.slice(0, max).join('; ')}; and ${items.length - max} more`;
}

/** A promise of the document, in the audit's words: the operation, what arrived, the document's pointer, and the fix. */
export function explainPromise(failed: PromiseFailure, operation: Pick<Operation, 'method' | 'path'>, framework: Framework): Finding {
  const label = operationLabel(operation);
  const pointer = failed.evidence.pointer ?? '';
  const promise = (message: string) => as(failed, `${label}${message}`, pointer);
  switch (failed.rule) {
    case 'declared-header-hidden': {
      const { header, value, origin } = failed.facts;
      return promise(
        `: ${header} arrives (${quoted(value)}), as the document declares (${pointer}), but a script on ${origin} cannot read it: it is neither CORS-safelisted nor listed in Access-Control-Expose-Headers; ${fix(framework, `add "${header}" to CORSMiddleware(expose_headers=[…])`, `list ${header} in Access-Control-Expose-Headers`)}`,
      );
    }
    case 'declared-header-missing': {
      const { header, declaredFor, status } = failed.facts;
      return promise(
        `: the document declares the header ${header} as required for ${declaredFor} (${pointer}), and the ${status} answer has none; ${fix(framework, `set it in the path operation (response.headers["${header}"] = …), or take it out of responses={${declaredFor}: {"headers": …}}`, 'send it, or take it out of the document')}`,
      );
    }
    case 'declared-header-mismatch': {
      const { header, why, declaredFor } = failed.facts;
      return promise(
        `: ${header} does not fit its schema (${pointer}): ${why}; ${fix(framework, `send a value the schema allows, or correct the schema in responses={${declaredFor}: {"headers": {"${header}": …}}}`, 'send a value the schema allows, or correct the schema')}`,
      );
    }
    case 'undeclared-status': {
      const { status, declared } = failed.facts;
      return as(
        failed,
        `${label} answered ${statusWithReason(status)}, which the document does not declare (${pointer} has ${declared.length > 0 ? declared.join(', ') : 'nothing'}, no ${String(status).charAt(0)}XX and no default); ${fix(framework, `declare it on the path operation: responses={${status}: {"description": "…"}}${status >= 200 && status <= 299 ? `, or status_code=${status} when it is the answer on success` : ''}`, `add ${status} to the operation's responses, or answer one of those it declares`)}`,
        pointer,
      );
    }
    case 'content-type-mismatch': {
      const { status, declared, contentType, essence, declaredFor, bytes } = failed.facts;
      if (failed.kind === 'body-not-declared') {
        return promise(
          `: the ${status} answer has a body (${essence ?? (contentType === null ? 'no Content-Type' : quoted(contentType))}, ${bytes} bytes), and the document declares no content for ${declaredFor} (${pointer}); ${fix(framework, `declare what it returns: responses={${declaredFor}: {"model": …}} (or "content"), or return no body`, 'declare its content, or send no body')}`,
        );
      }
      const arrived = contentType === null ? 'sent without a Content-Type' : `${essence ?? quoted(contentType)}`;
      return promise(
        `: the ${status} answer is ${arrived}, and the document declares ${declared.join(', ')} (${pointer}); ${fix(framework, `declare what the path operation returns, with response_class= (PlainTextResponse, HTMLResponse, …) or responses={${declaredFor}: {"content": {"${essence ?? 'type/subtype'}": {}}}}, or return JSON`, 'serve a declared media type, or declare this one')}`,
      );
    }
    case 'undeclared-field': {
      const byField = new Map<string, { kind: FieldKind; count: number }>();
      for (const field of failed.facts.fields) {
        const seen = byField.get(field.general);
        byField.set(field.general, { kind: seen?.kind ?? field.kind, count: (seen?.count ?? 0) + 1 });
      }
      const named = [...byField.entries()].map(([field, { kind, count }]) => `${field} (${kindInWords(kind)}${count > 1 ? `, in ${count} items` : ''})`);
      const title = failed.facts.schemaTitle;
      return promise(
        `: the body has ${byField.size === 1 ? 'a field' : `${byField.size} fields`} the response schema does not declare (${pointer}): ${some(named)}; ${fix(framework, `a Response returned directly is not filtered by response_model: return the object, or build the Response from the model${title === undefined ? '' : ` (${title})`}; declare the field in the model if the frontend should have it`, 'leave it out of the answer, or declare it in the schema if the frontend should have it')}`,
      );
    }
    case 'schema-mismatch': {
      const advice = fix(framework, "a Response returned directly skips response_model's validation: return data the model accepts, or correct the model", 'answer what the schema says, or correct the schema');
      if (failed.kind === 'not-json') return promise(`: the body is served as JSON but is not JSON (${failed.facts.error}), so it cannot fit its schema (${pointer}); ${advice}`);
      const described = failed.facts.violations.map((v) => `${v.pointer === '' ? 'the body' : v.pointer} ${v.message}`);
      return promise(`: the body does not fit the response schema (${pointer}): ${some(described)}; ${advice}`);
    }
  }
}

/** A schema of the document Ajv cannot compile, in the audit's words: a note on the operation, never a finding (the answer is judged on everything else). */
export function uncheckedNote(unchecked: UncheckedSchema): string {
  const what = unchecked.unchecked === 'body' ? 'the body was not checked against its schema (nor for undeclared fields)' : `the header ${unchecked.header ?? ''} was not checked against its schema`;
  return `${what}: the schema at ${unchecked.pointer} cannot be compiled (${unchecked.problem}); correct the schema to have it judged`;
}
