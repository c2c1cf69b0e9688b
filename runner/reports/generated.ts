/**
 * The parts of a guide made from the sources (the flag tables from the
 * option schema, the rules' tables from the catalogue), between a marker
 * pair: `npm run tables` writes them, and tests hold the guides to them.
 */

/** The guide with what stands between `begin` and the next `end` after it made anew; `guide` names it when the markers are not there. */
export function withGenerated(markdown: string, begin: string, end: string, content: string, guide: string): string {
  const at = markdown.indexOf(begin);
  const stop = at < 0 ? -1 : markdown.indexOf(end, at + begin.length);
  if (at < 0 || stop < 0) throw new Error(`${guide} has no generated part between "${begin}" and "${end}"`);
  return `${markdown.slice(0, at)}${begin}\n${content}${markdown.slice(stop)}`;
}
