/** The proxies of the compatibility table: CORS added in front of a backend without it, as production guides do. */
import { DIST, PYTHON, type Stack } from './stack';

const starletteNeeds = [
  { path: `${DIST}/starlette`, install: 'python3-starlette' },
  { path: `${DIST}/uvicorn`, install: 'python3-uvicorn' },
];

export const PROXY_STACKS: readonly Stack[] = [
  {
    slug: 'nginx',
    name: 'nginx, adding CORS in front of a backend without it',
    configuration: 'as production guides do: a `map` allow-list of origins, `add_header … always`, preflights answered by nginx',
    source: 'examples/targets/stacks/nginx_proxy.py',
    command: PYTHON,
    args: ['examples/targets/stacks/nginx_proxy.py', '--port', '0'],
    packages: ['nginx', 'python3-starlette'],
    needs: [{ path: '/usr/sbin/nginx', install: 'nginx' }, ...starletteNeeds],
    fails: [],
  },
];
