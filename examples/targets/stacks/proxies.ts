/** The proxies of the compatibility table: CORS added in front of a backend without it, as production guides do. */
import { PYTHON, STARLETTE_NEEDS, type Stack } from './stack';

export const PROXY_STACKS: readonly Stack[] = [
  {
    slug: 'nginx',
    name: 'nginx, adding CORS in front of a backend without it',
    configuration: 'as production guides do: a `map` allow-list of origins, `add_header … always`, preflights answered by nginx',
    source: 'examples/targets/stacks/nginx_proxy.py',
    command: PYTHON,
    args: ['examples/targets/stacks/nginx_proxy.py', '--port', '0'],
    packages: ['nginx', 'python3-starlette'],
    needs: [{ path: '/usr/sbin/nginx', install: 'nginx' }, ...STARLETTE_NEEDS],
    fails: [],
  },
  {
    slug: 'caddy',
    name: 'Caddy, adding CORS in front of a backend without it',
    configuration: 'as its community guides say, Caddy 2.6 having no CORS directive: the headers written by hand, `header @allowed` (a `header Origin` matcher) for the grant, `header +Vary Origin`, an OPTIONS matcher whose `handle` answers the preflight with `respond 204`, then `reverse_proxy`',
    source: 'examples/targets/stacks/caddy_proxy.py',
    command: PYTHON,
    args: ['examples/targets/stacks/caddy_proxy.py', '--port', '0'],
    packages: ['caddy', 'python3-starlette'],
    needs: [{ path: '/usr/bin/caddy', install: 'caddy' }, ...STARLETTE_NEEDS],
    fails: [],
  },
  {
    slug: 'apache',
    name: 'Apache httpd, adding CORS in front of a backend without it',
    configuration: 'as production guides for Apache CORS say, Apache having no CORS module: the headers written by hand, `SetEnvIf Origin` as the allow-list, `Header always set … env=CORS_ORIGIN` for the grant, `Header always merge Vary Origin`, preflights answered by a mod_rewrite rule `[R=204]`, then `ProxyPass`',
    source: 'examples/targets/stacks/apache_proxy.py',
    command: PYTHON,
    args: ['examples/targets/stacks/apache_proxy.py', '--port', '0'],
    // apache2-bin has the binary and the modules, and no system service.
    packages: ['apache2-bin', 'python3-starlette'],
    needs: [
      { path: '/usr/sbin/apache2', install: 'apache2-bin' },
      { path: '/usr/lib/apache2/modules/mod_proxy_http.so', install: 'apache2-bin' },
      ...STARLETTE_NEEDS,
    ],
    fails: [],
  },
];
