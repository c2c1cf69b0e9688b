/**
 * The start of a response's body, for a failure to show under the head: the
 * first BODY_START_BYTES bytes of a text body, cut on a character boundary,
 * then how many bytes were left out. A body that is not text (an image, a
 * zip, bytes that are not UTF-8) is described, never dumped: it would be
 * noise in a terminal and a hazard in XML, which cannot carry most control
 * characters.
 */
import { getCombined, type HeaderList } from './header-list';
import { isJsonMediaType, mediaTypeEssence } from './media-type';

/** Enough for FastAPI's error JSON (a 422's detail with a field or two), short enough to scan. */
export const BODY_START_BYTES = 500;

/** Types whose bodies are text whatever their charset parameter says. */
const TEXT_TYPES = /^(text\/|application\/(xml|javascript|ecmascript|x-www-form-urlencoded|problem\+xml|[^/]+\+xml)$)/;

/** The body's start as lines for a failure message, or null when there is no body. */
export function bodyStart(headers: HeaderList, text: string, most = BODY_START_BYTES): string | null {
  if (text === '') return null;
  const bytes = Buffer.byteLength(text);
  const contentType = getCombined(headers, 'Content-Type');
  const essence = mediaTypeEssence(contentType);
  const textual = essence === null || isJsonMediaType(essence) || TEXT_TYPES.test(essence);
  // U+FFFD is what decoding made of bytes that were not UTF-8; control characters are not text (tab, LF and CR are), nor U+FFFE and U+FFFF, which XML cannot carry.
  if (!textual || /[\uFFFD\uFFFE\uFFFF\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) {
    return `(${bytes} bytes of ${contentType ?? 'a body without Content-Type'}, not text: not shown)`;
  }
  if (bytes <= most) return text;
  let kept = '';
  let used = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > most) break;
    kept += char;
    used += size;
  }
  return `${kept}…(${bytes - used} more bytes)`;
}
