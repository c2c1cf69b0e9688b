// The import rule of the house (docs/architecture.md), checked in `npm test`
// by `npm run layers` (scripts/layers.ts prints each violation with its file
// and line). The layers run one way:
//
//   bin → runner → steps → rules → openapi → http        reference-server beside http
//                        ↘ browser ↗
//
// rules/ is the one judge: the catalogue of rules and their pure checks,
// which the steps and the runner (the audit, the reports) render and never
// repeat. It stands on openapi/ (the document layer) and http/ (the domain);
// browser/ sits beside it, driving the engines.
// A layer may import the layers to its right, never one to its left: the
// domain (http/) knows nothing of browsers, cucumber or the command line, so
// the steps, the runner and the audit can all stand on it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'http-not-to-upper-layer',
      comment: 'http/ is the domain (the client, the Fetch model, header lists, cookies): it serves every layer and imports none of them.',
      severity: 'error',
      from: { path: '^http/' },
      to: { path: '^(rules|openapi|browser|steps|runner|bin|reference-server)/' },
    },
    {
      name: 'rules-not-to-upper-layer',
      comment: 'rules/ is the one judge: pure checks over exchanges and the document. It knows nothing of browsers, cucumber, the audit or the command line, so every surface can render what it finds.',
      severity: 'error',
      from: { path: '^rules/' },
      to: { path: '^(browser|steps|runner|bin|reference-server)/' },
    },
    {
      name: 'verdicts-from-rules',
      comment: 'The surfaces (the steps, the runner) take every verdict of the Fetch model from rules/ (a script\'s sight, the origin\'s grant, the preflight, Vary): a surface that asked the model itself would judge on its own, and two judges drift. Types may be named anywhere.',
      severity: 'error',
      from: { path: '^(steps|runner)/' },
      to: { path: '^http/fetch-model\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'browser-not-to-upper-layer',
      comment: 'browser/ drives the engines for whoever asks (the steps, the audit); it knows nothing of cucumber or the command line.',
      severity: 'error',
      from: { path: '^browser/' },
      to: { path: '^(rules|steps|runner|bin|reference-server)/' },
    },
    {
      name: 'openapi-not-to-upper-layer',
      comment: 'openapi/ is the document layer (loading, $ref resolution, schemas, sample values): the rules, the audit and the steps read documents through it, so it imports none of them; it may stand on http/.',
      severity: 'error',
      from: { path: '^openapi/' },
      to: { path: '^(rules|browser|steps|runner|bin|reference-server)/' },
    },
    {
      name: 'steps-not-to-upper-layer',
      comment: 'The step definitions are loaded by cucumber inside a run; they never reach back into the runner that loads them.',
      severity: 'error',
      from: { path: '^steps/' },
      to: { path: '^(runner|bin)/' },
    },
    {
      name: 'runner-only-to-the-vocabulary',
      comment: 'The runner reads the vocabulary (steps/vocabulary.ts) and loads the steps through cucumber; it imports nothing else of steps/, so nothing it needs hides in the steps\' room.',
      severity: 'error',
      from: { path: '^runner/' },
      to: { path: '^steps/', pathNot: '^steps/vocabulary\\.ts$' },
    },
    {
      name: 'reference-server-beside-http',
      comment: 'The reference server is the model answer, an app like any other target: it may use http/\'s constants, never the suite that checks it.',
      severity: 'error',
      from: { path: '^reference-server/' },
      to: { path: '^(rules|browser|steps|runner|bin)/' },
    },
    {
      name: 'cli-is-thin',
      comment: 'The command line is argv → configuration → the API: configuration/, run/, reports/ and audit/ never import it, so the API works without it.',
      severity: 'error',
      from: { path: '^runner/(configuration|run|reports|audit)/' },
      to: { path: '^runner/cli/' },
    },
    {
      name: 'configuration-below-the-rooms',
      comment: 'The configuration (the option schema, the defaults, the checks) is what the command line and the API share: it imports none of the runner\'s rooms, so each can use it and none drags another in.',
      severity: 'error',
      from: { path: '^runner/configuration/' },
      to: { path: '^runner/(cli|run|reports|audit)/|^runner/api\\.ts$' },
    },
    {
      name: 'shipped-code-not-to-repository-only',
      comment: 'The package ships bin/, dist/ and the features: code that ships must not import the tests, the examples or the scripts.',
      severity: 'error',
      from: { path: '^(bin|runner|steps|rules|browser|openapi|http|reference-server)/' },
      to: { path: '^(test|examples|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
