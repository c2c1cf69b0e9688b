/**
 * The spec book: the features rendered as one Markdown document, so a reader
 * never needs to open a .feature file. Per area: why it matters, its
 * sources, and each requirement with its id, level and scenario in words.
 */
import type { Feature, Scenario, Step } from '@cucumber/messages';
import { levelOf, readFeatures, scenariosOf } from '../run/gherkin';

export function renderSpecBook(featuresDir: string): string {
  const features = readFeatures(featuresDir);
  const total = features.reduce((n, { feature }) => n + scenariosOf(feature).length, 0);
  const out = [
    '# The response-conformance spec',
    '',
    '<!-- Generated from features/*.feature by `npm run spec`. Do not edit: edit the features and run it again. -->',
    '',
    `${total} requirements in ${features.length} areas. **MUST**: the FastAPI docs or a standard require it; a failure fails the run.`,
    '**SHOULD**: good practice; a failure is a warning, and fails the run only with `--strict`. Ids never change when wording does.',
    '',
    ...features.map(({ area, feature }) => `- [${feature.name}](#${anchor(feature.name)}) (\`${area}\`, ${scenariosOf(feature).length})`),
  ];
  for (const { area, feature } of features) out.push('', ...renderFeature(area, feature));
  return `${out.join('\n')}\n`;
}

function renderFeature(area: string, feature: Feature): string[] {
  const description = feature.description.split('\n').map((line) => line.trim()).join('\n').trim();
  const out = [`## ${feature.name}`, '', `Area \`${area}\`, from [features/${area}.feature](../features/${area}.feature).`, '', description];
  const sources = [...new Set(description.match(/https:\/\/[^\s)]+[^\s).,]/g) ?? [])];
  if (sources.length > 0) out.push('', `Links: ${sources.map((url) => `<${url}>`).join(', ')}`);
  for (const child of feature.children) {
    if (child.rule) {
      out.push('', `### ${child.rule.name}`, '');
      for (const c of child.rule.children) if (c.scenario) out.push(renderScenario(c.scenario));
    } else if (child.scenario) {
      out.push('', renderScenario(child.scenario));
    }
  }
  return out;
}

function renderScenario(scenario: Scenario): string {
  const tags = scenario.tags.map((t) => t.name);
  const id = tags.find((t) => t.startsWith('@id:'))?.slice(4) ?? '?';
  const level = levelOf(tags);
  return `- **${id}** · ${level} · ${scenario.name}\n  <br>${inWords(scenario.steps)}`;
}

/** "Given x and y, when z, then w." with doc strings inline as code. */
function inWords(steps: readonly Step[]): string {
  const parts: string[] = [];
  let previous = '';
  for (const step of steps) {
    const keyword = step.keyword.trim();
    const lead = keyword === 'And' || keyword === 'But' || keyword === previous ? 'and' : keyword.toLowerCase();
    if (keyword !== 'And' && keyword !== 'But') previous = keyword;
    const docString = step.docString ? ` \`${step.docString.content.replace(/\s*\n\s*/g, ' ')}\`` : '';
    parts.push(`${lead} ${step.text}${docString}`);
  }
  const text = parts.join(', ').replace(/, and /g, ' and ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}
