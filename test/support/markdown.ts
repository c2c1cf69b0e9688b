/**
 * Reading the README and the guides as a newcomer does: their relative
 * links, and the shell commands of a section. Links and commands inside code
 * are told apart the way GitHub renders them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Fenced code blocks and code spans hold no links: blank them out, keeping every line where it was. */
export function withoutCode(text: string): string {
  let fence: string | null = null;
  return text
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === null && marker !== undefined) {
        fence = marker;
        return '';
      }
      if (fence !== null) {
        if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
        return '';
      }
      return line.replace(/(`+)(.+?)\1/g, (span) => ' '.repeat(span.length));
    })
    .join('\n');
}

/** Every link target in a markdown text: inline links and images, reference definitions, and HTML href and src. */
export function linkTargets(text: string): { line: number; target: string }[] {
  const patterns = [
    /\]\(\s*<([^>\n]*)>/g, // [text](<target with spaces>)
    /\]\(\s*([^\s()<>]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, // [text](target "title"), ![alt](src)
    /^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)>?/gm, // [label]: target
    /<(?:a|img)\s[^>]*?\b(?:href|src)\s*=\s*["']([^"']*)["']/gi, // <a href="…">, <img src="…">
  ];
  const code = withoutCode(text);
  const found: { line: number; target: string; at: number }[] = [];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const at = match.index ?? 0;
      found.push({ line: code.slice(0, at).split('\n').length, target: match[1], at });
    }
  }
  return found.sort((a, b) => a.at - b.at).map(({ line, target }) => ({ line, target }));
}

/** An absolute URL (`https:`, `mailto:`, `//host`) or an anchor in the same page: not a file to find. */
export function isRelativeFileLink(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//') && !target.startsWith('#') && target !== '';
}

/** README.md and every docs/**\/*.md under `root`, relative to it. */
export function markdownFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) return walk(relative);
      return entry.name.endsWith('.md') ? [relative] : [];
    });
  return ['README.md', ...walk('docs')];
}

export interface Link {
  /** The linking file, relative to the root. */
  readonly file: string;
  readonly line: number;
  readonly target: string;
  /** Where it lands, absolute, without its #fragment or ?query. */
  readonly landing: string;
}

/** Every relative link of README.md and docs/**\/*.md under `root`, with where it lands. */
export function relativeLinks(root: string): Link[] {
  return markdownFiles(root).flatMap((file) =>
    linkTargets(readFileSync(path.join(root, file), 'utf8'))
      .filter(({ target }) => isRelativeFileLink(target))
      .map(({ line, target }) => {
        const bare = decodeURI(target.replace(/[#?].*$/s, ''));
        const landing = bare.startsWith('/') ? path.join(root, bare) : path.resolve(root, path.dirname(file), bare);
        return { file, line, target, landing };
      }),
  );
}

/** The text of a markdown section: from its heading to the next heading of the same or a higher level. */
export function section(text: string, heading: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^#{1,6} /.test(line) && line.replace(/^#+ /, '').trim() === heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(lines[start])![0].length;
  const end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}} `).test(line) && !inFence(lines, i));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function inFence(lines: readonly string[], at: number): boolean {
  return lines.slice(0, at).filter((line) => /^ {0,3}(`{3,}|~{3,})/.test(line)).length % 2 === 1;
}

/** The shell commands of a text that start with `prefix`, a line ending in a backslash joined to the next. */
export function commandsIn(text: string, prefix: string): string[] {
  const joined = text.replace(/\\\n\s*/g, '');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(prefix));
}

/** A command line split into words as a POSIX shell splits it: single and double quotes, backslash escapes; no expansions. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i += 1) {
    const c = command[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && /["\\$`]/.test(command[i + 1] ?? '')) word += command[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      word = (word ?? '') + (command[++i] ?? '');
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === '#' && word === null) {
      break; // a comment
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote !== null) throw new Error(`unterminated ${quote} in: ${command}`);
  if (word !== null) words.push(word);
  return words;
}
