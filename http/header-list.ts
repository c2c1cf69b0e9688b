/**
 * A response's header list as it arrived: every field in order, names as the
 * server spelt them, repeated fields kept apart. Lookups compare names
 * case-insensitively (RFC 9110 §5.1: "Field names are case-insensitive").
 */
export type HeaderField = readonly [name: string, value: string];
export type HeaderList = readonly HeaderField[];

/** Node's `rawHeaders` is a flat [name, value, name, value, ...] array. */
export function fromRawHeaders(raw: readonly string[]): HeaderList {
  const list: HeaderField[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) list.push([raw[i], trimHttpWhitespace(raw[i + 1])]);
  return list;
}

/** Fetch §2.2: HTTP whitespace is U+0009 TAB, U+000A LF, U+000D CR or U+0020 SPACE. */
export function trimHttpWhitespace(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The values of every field named `name`, in order. */
export function fieldValues(list: HeaderList, name: string): string[] {
  return list.filter(([n]) => sameName(n, name)).map(([, v]) => v);
}

export function hasField(list: HeaderList, name: string): boolean {
  return list.some(([n]) => sameName(n, name));
}

/**
 * Fetch §2.2.2 "get": the values of all fields named `name`, combined with
 * ", "; null when there is none.
 */
export function getCombined(list: HeaderList, name: string): string | null {
  const values = fieldValues(list, name);
  return values.length === 0 ? null : values.join(', ');
}

/** RFC 9110 §5.6.2: tchar, the characters a token (and so a field name or method) is made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * RFC 9110 §5.6.1 list syntax `#token` across every field named `name`:
 * elements separated by commas with optional whitespace, empty elements
 * ignored. Returns null when no such field exists and 'failure' when an
 * element is not a token (Fetch's "extracting header list values").
 */
export function tokenList(list: HeaderList, name: string): string[] | null | 'failure' {
  const values = fieldValues(list, name);
  if (values.length === 0) return null;
  const items: string[] = [];
  for (const value of values) {
    for (const element of value.split(',')) {
      const item = element.replace(/^[\t ]+|[\t ]+$/g, '');
      if (item === '') continue;
      if (!isToken(item)) return 'failure';
      items.push(item);
    }
  }
  return items;
}

/** A comma-list header read leniently, for reporting: every non-empty element, trimmed. */
export function listElements(list: HeaderList, name: string): string[] {
  return fieldValues(list, name)
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Whether a comma-list header names `item`, compared case-insensitively. */
export function listIncludes(list: HeaderList, name: string, item: string): boolean {
  return listElements(list, name).some((element) => sameName(element, item));
}

/** The head of a response as text, for failure messages: names and values as received. */
export function formatHead(status: number, list: HeaderList): string {
  return [`HTTP ${status}`, ...list.map(([n, v]) => `${n}: ${v}`)].join('\n');
}
