/**
 * An observed body as the frontend's script reads it: the bytes forwarded
 * are the coded ones (RFC 9110 §8.4 Content-Encoding: gzip, deflate, br),
 * which the browser decodes before response.json() sees them. The observe
 * proxy forwards them untouched; only its copy is decoded here, to judge.
 * A body cut at --max-body, or in a coding this does not know, cannot be
 * judged: the reason is returned, never a guess.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { listElements, type HeaderList } from './header-list';
import type { ObservedBody } from './observed';

export type DecodedBody = { readonly text: string } | { readonly unjudged: string };

/** Decoding stops past this many bytes: a small coded body may decode to a great deal (a "zip bomb"). */
const MOST_DECODED = 16 * 1024 * 1024;

function decodeOne(coding: string, bytes: Buffer): Buffer | null {
  const limit = { maxOutputLength: MOST_DECODED };
  switch (coding) {
    case 'identity':
      return bytes;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(bytes, limit);
    case 'deflate':
      // "deflate" is the zlib format (RFC 9110 §8.4.1.2); some servers send raw deflate, which browsers accept too.
      try {
        return inflateSync(bytes, limit);
      } catch {
        return inflateRawSync(bytes, limit);
      }
    case 'br':
      return brotliDecompressSync(bytes, limit);
    default:
      return null;
  }
}

/** The body's text as the script reads it (UTF-8), or why it cannot be judged. */
export function decodedText(headers: HeaderList, body: ObservedBody): DecodedBody {
  if (body.truncated) return { unjudged: `the body is larger than the part kept to judge (${body.prefix.length} bytes, --max-body)` };
  // Codings are listed in the order applied: undo them last first.
  const codings = listElements(headers, 'Content-Encoding').map((c) => c.toLowerCase());
  let bytes = body.prefix;
  for (const coding of [...codings].reverse()) {
    try {
      const decoded = decodeOne(coding, bytes);
      if (decoded === null) return { unjudged: `the body is coded as ${coding}, which is not decoded to judge it` };
      bytes = decoded;
    } catch (error) {
      return { unjudged: `the body does not decode as ${coding} (${(error as Error).message})` };
    }
  }
  return { text: bytes.toString('utf8') };
}
