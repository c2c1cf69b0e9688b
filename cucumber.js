// cucumber-js profiles (docs/profiles.md). The CLI (bin/response-conformance.js)
// loads `default` and adds the target, origin and reports; `npx cucumber-js`
// works too and runs against the bundled reference server.
process.env.TS_NODE_TRANSPILE_ONLY ??= 'true'; // types are checked by `tsc --noEmit` in `npm test`

const common = {
  paths: ['features/**/*.feature'],
  requireModule: ['ts-node/register'],
  require: ['steps/**/*.ts'],
  strict: true,
};

module.exports = {
  default: { ...common, format: ['progress'] },
  ci: { ...common, format: ['progress', 'junit:reports/cucumber-junit.xml'] },
};
