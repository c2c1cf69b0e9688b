// cucumber-js profiles (docs/profiles.md). The CLI (bin/response-conformance.js)
// loads `default` and adds the target, origin and reports; `npx cucumber-js`
// works too and runs against the bundled reference server.
//
// The step code is the JavaScript compiled into dist/ when the CLI says it is
// fresh (RESPONSE_CONFORMANCE_COMPILED=1), and the TypeScript through ts-node
// otherwise, without type-checking (types are checked by `tsc --noEmit` in `npm test`).
const compiled = process.env.RESPONSE_CONFORMANCE_COMPILED === '1';
if (!compiled) process.env.TS_NODE_TRANSPILE_ONLY ??= 'true';

const common = {
  paths: ['features/**/*.feature'],
  requireModule: compiled ? [] : ['ts-node/register'],
  require: compiled ? ['dist/steps/**/*.js'] : ['steps/**/*.ts'],
  strict: true,
};

module.exports = {
  default: { ...common, format: ['progress'] },
  ci: { ...common, format: ['progress', 'junit:reports/cucumber-junit.xml'] },
};
