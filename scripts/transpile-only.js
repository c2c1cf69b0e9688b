// `node -r ./scripts/transpile-only.js file.ts`: run TypeScript without type-checking
// (types are checked once by `tsc --noEmit` in `npm test`).
'use strict';
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
require('ts-node/register');
