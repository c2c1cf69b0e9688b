/**
 * The Gherkin of the features, read once and walked one way: the parser,
 * the walk over a feature's children (inside its Rules or not), and the
 * level rule. The feature check, the collector and the spec book all use
 * these, so they cannot disagree about what a scenario is or how much it
 * matters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, type Feature, type GherkinDocument, type RuleChild, type Scenario } from '@cucumber/messages';
import type { Level } from './summary';

export interface FeatureFile {
  /** The file's name without .feature, e.g. "cors-exposure". */
  readonly area: string;
  readonly feature: Feature;
}

/** Parses one feature file's text; throws Gherkin's own errors (with their locations) when it does not parse. */
export function parseGherkin(text: string): GherkinDocument {
  return new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(text);
}

export function readFeatures(featuresDir: string): FeatureFile[] {
  return readdirSync(featuresDir)
    .filter((f) => f.endsWith('.feature'))
    .sort()
    .map((file) => {
      const feature = parseGherkin(readFileSync(path.join(featuresDir, file), 'utf8')).feature;
      if (!feature) throw new Error(`${file} has no Feature`);
      return { area: file.replace(/\.feature$/, ''), feature };
    });
}

/** Every Background and Scenario of a feature, inside its Rules or not, in file order: the one walk over a feature. */
export function childrenOf(feature: Feature | undefined): readonly RuleChild[] {
  return (feature?.children ?? []).flatMap((c): readonly RuleChild[] => (c.rule ? c.rule.children : [c]));
}

/** Every scenario of a feature, inside its Rules or not, in file order. */
export function scenariosOf(feature: Feature | undefined): Scenario[] {
  return childrenOf(feature).flatMap((c) => (c.scenario ? [c.scenario] : []));
}

/**
 * The level rule: @SHOULD makes a scenario SHOULD; anything else is MUST,
 * a scenario without a level included (the feature check warns about it).
 * A scenario tagged both is refused before anything runs.
 */
export function levelOf(tags: readonly string[]): Level {
  return tags.includes('@SHOULD') && !tags.includes('@MUST') ? 'SHOULD' : 'MUST';
}

/** Both level tags at once: a requirement has one level. */
export function hasBothLevels(tags: readonly string[]): boolean {
  return tags.includes('@MUST') && tags.includes('@SHOULD');
}
