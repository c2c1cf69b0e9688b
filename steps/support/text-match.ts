/**
 * A body compared with the text a feature wrote, for bodies that are not
 * JSON (an XML document, a preflight's "OK"). Exact, but for one trailing
 * newline: a doc string cannot end with one, and many servers end a text
 * body with it, so "OK" and "OK\n" are the same text here; "OK\n\n" is not.
 */

/** Without one trailing line break (LF or CRLF), if there is one. */
function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** The line, as a message shows it: quoted, with its escapes, and cut short when long. */
function showLine(line: string | undefined): string {
  if (line === undefined) return 'no such line';
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}

/** Why the body is not the expected text, or null when it is. */
export function textMismatch(body: string, expected: string): string | null {
  const actual = withoutFinalNewline(body);
  const wanted = withoutFinalNewline(expected);
  if (actual === wanted) return null;
  const got = actual.split('\n');
  const want = wanted.split('\n');
  const line = want.findIndex((text, i) => text !== got[i]);
  if (line < 0) return `the body has ${got.length - want.length} more line(s) than the text, from line ${want.length + 1}: ${showLine(got[want.length])}`;
  const wantChars = [...want[line]];
  const gotChars = [...(got[line] ?? '')];
  const column = wantChars.findIndex((char, i) => char !== gotChars[i]);
  const where = `line ${line + 1}${got[line] === undefined ? '' : `, column ${(column < 0 ? wantChars.length : column) + 1}`}`;
  return `the body differs from the text at ${where}: expected ${showLine(want[line])}, got ${showLine(got[line])}`;
}
