/** Custom cucumber-expression parameter types: what the features talk about, typed. */
import { defineParameterType } from '@cucumber/cucumber';
import type { Endpoint } from './contract';

/** A route of the contract, as the README's table writes it: "GET /headers/". */
defineParameterType({
  name: 'endpoint',
  regexp: /"(GET|HEAD|POST|PUT|PATCH|DELETE) (\/[^"\s]*)"/,
  transformer: (method: string, path: string): Endpoint => ({ method, path }),
});

/** A header name in quotes: "X-Cat-Dog". RFC 9110 §5.1: a field name is a token. */
defineParameterType({
  name: 'header',
  regexp: /"([!#$%&'*+.^_`|~0-9A-Za-z-]+)"/,
  transformer: (name: string) => name,
});

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  404: 'Not Found',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
};

/** A status with its RFC 9110 reason phrase, "201 Created"; a mismatched phrase is a typo in the spec. */
defineParameterType({
  name: 'status',
  regexp: /(\d{3}) ([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*)/,
  transformer: (code: string, reason: string): number => {
    const status = Number(code);
    if (REASONS[status] !== reason) throw new Error(`"${code} ${reason}": RFC 9110 calls ${code} "${REASONS[status] ?? 'something else'}"`);
    return status;
  },
});

/** Which browser origin a script runs on. */
defineParameterType({
  name: 'scriptOrigin',
  regexp: /the allowed origin|another origin/,
  transformer: (text: string): 'allowed' | 'other' => (text === 'the allowed origin' ? 'allowed' : 'other'),
});
