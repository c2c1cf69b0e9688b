/** The feature files as Gherkin documents, for the tools that read the spec itself (the spec book, the features lint). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, type Feature, type Scenario } from '@cucumber/messages';

export interface FeatureFile {
  /** The file's name without .feature, e.g. "cors-exposure". */
  readonly area: string;
  readonly feature: Feature;
}

export function readFeatures(featuresDir: string): FeatureFile[] {
  return readdirSync(featuresDir)
    .filter((f) => f.endsWith('.feature'))
    .sort()
    .map((file) => {
      const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
      const feature = parser.parse(readFileSync(path.join(featuresDir, file), 'utf8')).feature;
      if (!feature) throw new Error(`${file} has no Feature`);
      return { area: file.replace(/\.feature$/, ''), feature };
    });
}

/** Every scenario of a feature, inside its Rules or not, in file order. */
export function scenariosOf(feature: Feature): Scenario[] {
  return feature.children.flatMap((c) => (c.rule ? c.rule.children : [c])).flatMap((c) => (c.scenario ? [c.scenario] : []));
}
