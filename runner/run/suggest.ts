/**
 * "Did you mean": the sentences nearest to a step that matches none. A step
 * and each sentence's example are compared with their quoted texts, numbers
 * and patterns set aside (a different header name is not a typo), by edit
 * distance over characters, relative to their length.
 */
import type { Sentence } from '../../steps/vocabulary';

function skeleton(text: string): string {
  return text
    .replace(/^(Given|When|Then|And|But|\*) /, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\/(?:[^/\\]|\\.)+\/[a-z]*/g, '/…/')
    .replace(/\b\d+(\.\d+)?\b/g, '0')
    .toLowerCase()
    .trim();
}

/** Levenshtein distance (insertions, deletions and substitutions of one character each). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Up to `count` sentences close enough to be what was meant, nearest first. */
export function nearestSentences(step: string, sentences: readonly Sentence[], count = 3): Sentence[] {
  const wanted = skeleton(step);
  return sentences
    .map((sentence) => {
      const example = skeleton(sentence.example);
      return { sentence, score: editDistance(wanted, example) / Math.max(wanted.length, example.length, 1) };
    })
    .filter(({ score }) => score <= 0.4)
    .sort((a, b) => a.score - b.score)
    .slice(0, count)
    .map(({ sentence }) => sentence);
}
