/** Media types compared by their essence, parameters aside (RFC 9110 §8.3.1: type and subtype are case-insensitive). */
import { parse } from 'content-type';
import type { HeaderList } from './header-list';

/** What a client sends with a JSON body. application/json is not a CORS-safelisted Content-Type, so from a script it needs a preflight. */
export const JSON_CONTENT: HeaderList = [['Content-Type', 'application/json']];

export function mediaTypeEssence(contentType: string | null): string | null {
  if (contentType === null) return null;
  try {
    return parse(contentType).type.toLowerCase();
  } catch {
    return null;
  }
}

/** application/json, or any type with the +json structured syntax suffix (RFC 6839). */
export function isJsonMediaType(essence: string | null): boolean {
  return essence === 'application/json' || (essence !== null && /^application\/[^/]+\+json$/.test(essence));
}

/**
 * The media types of what a scenario attaches to cucumber's messages, for the
 * runner's reports to read: the response head a failing check shows, and why
 * a skipped scenario did not run.
 */

/** The media type of the response heads a failing check attaches; reports read attachments of this type. */
export const RESPONSE_HEAD_MEDIA_TYPE = 'text/x.response-head';

/** The media type of the note a skipped scenario attaches to say why it did not run. */
export const SKIP_REASON_MEDIA_TYPE = 'text/x.skip-reason';
