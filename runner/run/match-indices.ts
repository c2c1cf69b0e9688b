/**
 * Cucumber matches every step to its sentence through cucumber-expressions,
 * which asks `regexp-match-indices` for each capture group's position. That
 * package is a polyfill for engines without RegExp match indices: it finds
 * the positions by rewriting the expression and matching again, and it is
 * used even on Node 20, whose V8 has them natively (the `d` flag). On a suite
 * of thousands of scenarios it costs about 0.45 ms a scenario and tens of MiB
 * (docs/performance.md). Before cucumber loads, the runner puts the native
 * feature in the polyfill's place in Node's module cache, for the copy
 * cucumber-expressions itself resolves.
 *
 * Only when the engine has match indices and the polyfill resolves where
 * cucumber-expressions looks for it; otherwise nothing changes. A test holds
 * the native answers equal to the polyfill's for every step of every feature
 * in this repository against every sentence, and checks that cucumber-
 * expressions still uses the polyfill, so this goes when it no longer does.
 */
import Module from 'node:module';
import path from 'node:path';

type Exec = (regexp: RegExp, text: string) => RegExpExecArray | null;

const withIndices = new WeakMap<RegExp, RegExp>();

/** `regexp.exec(text)` with `indices`, as the polyfill's default export answers, from V8's own match indices. */
export const nativeExecWithIndices: Exec = (regexp, text) => {
  let d = withIndices.get(regexp);
  if (d === undefined) {
    d = regexp.hasIndices ? regexp : new RegExp(regexp.source, `${regexp.flags}d`);
    withIndices.set(regexp, d);
  }
  // The same lastIndex in and out, as exec on the expression itself would leave it (global and sticky expressions).
  d.lastIndex = regexp.lastIndex;
  const match = d.exec(text);
  if (d !== regexp) regexp.lastIndex = d.lastIndex;
  return match;
};

/** Where cucumber-expressions (as @cucumber/cucumber resolves it) finds regexp-match-indices; undefined when either is not there. */
export function polyfillPath(): string | undefined {
  try {
    // Resolved from where each package's own code is, as Node resolves its requires.
    const cucumber = path.dirname(require.resolve('@cucumber/cucumber'));
    const expressions = path.dirname(require.resolve('@cucumber/cucumber-expressions', { paths: [cucumber] }));
    return require.resolve('regexp-match-indices', { paths: [expressions] });
  } catch {
    return undefined;
  }
}

function engineHasIndices(): boolean {
  try {
    return new RegExp('a', 'd').exec('a')?.indices?.[0]?.[0] === 0;
  } catch {
    return false;
  }
}

/** Whether the native answers stand in for the polyfill in this process. */
export function useNativeMatchIndices(): boolean {
  const file = polyfillPath();
  if (file === undefined || !engineHasIndices()) return false;
  const cached = require.cache[file];
  if (cached !== undefined) return cached.exports === nativeExecWithIndices;
  const stand = new Module(file);
  stand.filename = file;
  stand.loaded = true;
  stand.exports = nativeExecWithIndices;
  require.cache[file] = stand;
  return true;
}

/** Done on import: runner/run/cucumber.ts imports this module before cucumber's own. */
export const NATIVE_MATCH_INDICES = useNativeMatchIndices();
