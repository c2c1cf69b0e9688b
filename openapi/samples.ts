/**
 * A request body for an operation that takes one, for the audit's --unsafe
 * calls: the document's own example when it has one, else a value
 * openapi-sampler builds from the schema (its defaults, enums, formats and
 * the lengths and bounds it states; readOnly fields left out, as a request
 * must leave them).
 */
import { sample } from 'openapi-sampler';
import { isJsonMediaType, mediaTypeEssence } from '../http/media-type';
import { isSchemaObject } from './document';
import type { MediaTypeObject, Operation } from './operations';

export type SampleSource = 'example' | 'examples' | 'schema example' | 'schema examples' | 'generated';

export interface BodySample {
  /** The media type as the document writes it, for the Content-Type: 'application/json'. */
  readonly mediaType: string;
  /** The body, as JSON text. */
  readonly text: string;
  /** Where the value came from, for the report ("a body generated from the schema"). */
  readonly from: SampleSource;
}

/** The value of a JSON media type, first found wins: its example, its first examples, its schema's example, first examples, or generated. */
function valueOf(media: MediaTypeObject): { value: unknown; from: SampleSource } | undefined {
  if (media.example !== undefined) return { value: media.example, from: 'example' };
  if (media.examples.length > 0) return { value: media.examples[0], from: 'examples' };
  const schema = media.schema;
  if (!isSchemaObject(schema)) return undefined; // no schema: the document says nothing a body could be built from
  if (schema.example !== undefined) return { value: schema.example, from: 'schema example' };
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return { value: schema.examples[0], from: 'schema examples' };
  const value = sample(schema as Parameters<typeof sample>[0], { skipReadOnly: true, quiet: true });
  return value === undefined ? undefined : { value, from: 'generated' };
}

/**
 * A JSON body for `operation`, from its first JSON media type
 * (application/json or a +json type); undefined when it takes no JSON body
 * or the document gives nothing to build one from.
 */
export function sampleBody(operation: Operation): BodySample | undefined {
  const content = operation.requestBody?.content ?? {};
  const media = Object.values(content).find((m) => isJsonMediaType(mediaTypeEssence(m.mediaType)));
  if (media === undefined) return undefined;
  const chosen = valueOf(media);
  return chosen === undefined ? undefined : { mediaType: media.mediaType, text: JSON.stringify(chosen.value), from: chosen.from };
}
