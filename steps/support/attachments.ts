/** The media type of the response heads a failing check attaches; reports read attachments of this type. */
export const RESPONSE_HEAD_MEDIA_TYPE = 'text/x.response-head';
