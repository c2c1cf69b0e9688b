/**
 * The features are the spec, so they are held to its rules: every scenario
 * has one level and one stable id, every feature cites its source, steps
 * speak of behaviour rather than HTTP plumbing, and every contract route is
 * covered.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Feature, Scenario } from '@cucumber/messages';
import { readFeatures, scenariosOf } from '../../runner/run/gherkin';
import { CONTRACT_CALLS } from '../../steps/support/contract';

const FEATURES = path.resolve(__dirname, '..', '..', 'features');
const AREAS = ['temporal-response-headers', 'direct-response', 'cookies', 'status-codes', 'response-model', 'dependencies', 'cors-exposure', 'browser-cors'];

interface Found {
  area: string;
  feature: Feature;
  scenario: Scenario;
  tags: string[];
}

function load(): { features: Map<string, Feature>; scenarios: Found[] } {
  const files = readFeatures(FEATURES);
  const scenarios = files.flatMap(({ area, feature }) => scenariosOf(feature).map((scenario) => ({ area, feature, scenario, tags: scenario.tags.map((t) => t.name) })));
  return { features: new Map(files.map(({ area, feature }) => [area, feature])), scenarios };
}

const { features, scenarios } = load();

describe('the features', () => {
  it('cover every area, one file each', () => assert.deepEqual([...features.keys()].sort(), [...AREAS].sort()));

  it('hold at least 30 scenarios', () => assert.ok(scenarios.length >= 30, `${scenarios.length}`));

  it('give every scenario exactly one level, @MUST or @SHOULD', () => {
    const bad = scenarios.filter((s) => s.tags.filter((t) => t === '@MUST' || t === '@SHOULD').length !== 1);
    assert.deepEqual(bad.map((s) => s.scenario.name), []);
  });

  it('give every scenario exactly one id, named after its area', () => {
    const prefix: Record<string, string> = {
      'temporal-response-headers': 'headers',
      'direct-response': 'direct',
      cookies: 'cookies',
      'status-codes': 'status',
      'response-model': 'model',
      dependencies: 'deps',
      'cors-exposure': 'cors',
      'browser-cors': 'browser',
    };
    const bad = scenarios.filter((s) => {
      const ids = s.tags.filter((t) => t.startsWith('@id:'));
      return ids.length !== 1 || !new RegExp(`^@id:${prefix[s.area]}-\\d+$`).test(ids[0]);
    });
    assert.deepEqual(bad.map((s) => `${s.area}: ${s.scenario.name}`), []);
  });

  it('never reuse an id', () => {
    const ids = scenarios.map((s) => s.tags.find((t) => t.startsWith('@id:')));
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  it('cite a source with a link in every feature description', () => {
    const bad = [...features].filter(([, f]) => !/Sources?:/.test(f.description) || !/https:\/\//.test(f.description));
    assert.deepEqual(bad.map(([area]) => area), []);
  });

  it('keep scenarios to a few steps', () => {
    assert.deepEqual(scenarios.filter((s) => s.scenario.steps.length > 4).map((s) => s.scenario.name), []);
  });

  it('keep HTTP plumbing out of the steps', () => {
    const plumbing = /Access-Control-|\bOPTIONS\b|\bOrigin:|Content-Type|\brequest header\b|\bsend(s)? (the )?header\b|\bstatus code\b|\bsleep|\bwait/i;
    const bad = scenarios.flatMap((s) => s.scenario.steps.filter((step) => plumbing.test(step.text)).map((step) => `${s.scenario.name}: ${step.text}`));
    assert.deepEqual(bad, []);
  });

  it('name every scenario as a requirement, not a test ("should", "test", "check" are not requirements)', () => {
    assert.deepEqual(scenarios.filter((s) => /\b(test|check|verify|should)\b/i.test(s.scenario.name)).map((s) => s.scenario.name), []);
  });

  it('cover every route of the contract', () => {
    const text = readdirSync(FEATURES).map((f) => readFileSync(path.join(FEATURES, f), 'utf8')).join('\n');
    const routes = CONTRACT_CALLS.map((call) => call.label.replace(/\/foo$/, '/'));
    assert.deepEqual(routes.filter((route) => !text.includes(route)), []);
  });
});
