/** Media types compared by their essence, parameters aside (RFC 9110 §8.3.1: type and subtype are case-insensitive). */
import { parse } from 'content-type';

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
