/** The media type of the response heads a failing check attaches; reports read attachments of this type. */
export const RESPONSE_HEAD_MEDIA_TYPE = 'text/x.response-head';

/** The media type of the note a skipped scenario attaches to say why it did not run. */
export const SKIP_REASON_MEDIA_TYPE = 'text/x.skip-reason';
