/** The Node stacks of the compatibility table: npm packages, this project's dev dependencies. */
import { npmNeeds, type Stack } from './stack';

export const NODE_STACKS: readonly Stack[] = [
  {
    slug: 'koa',
    name: 'Koa + @koa/cors',
    configuration: 'as its docs say: `cors({ origin, credentials: true, exposeHeaders: ["X-Cat-Dog"] })`, routes on @koa/router, Koa\'s own cookie defaults',
    source: 'examples/targets/stacks/koa_app.js',
    command: process.execPath,
    args: ['examples/targets/stacks/koa_app.js', '--port', '0'],
    packages: [],
    npmPackages: ['koa', '@koa/cors', '@koa/router'],
    needs: npmNeeds(['koa', '@koa/cors', '@koa/router']),
    fails: [],
  },
];
