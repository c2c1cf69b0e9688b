/**
 * The Go stacks of the compatibility table, each in examples/targets/stacks/go/<name>/.
 * Each is built before it starts (`prepare`), offline in GOPATH mode against
 * Debian's Go sources (/usr/share/gocode), never with modules; the binary and
 * Go's build cache live in node_modules/.cache, so a second build is quick.
 */
import path from 'node:path';
import { NODE_MODULES, type Stack } from './stack';

const GO = '/usr/bin/go';
const GOPATH = '/usr/share/gocode';
const CACHE = path.join(NODE_MODULES, '.cache', 'response-conformance', 'go');

/** Builds examples/targets/stacks/go/<dir> into the cache; the env keeps HOME and any module settings out of it. */
function goBuild(dir: string, binary: string): NonNullable<Stack['prepare']> {
  return {
    command: GO,
    args: ['build', '-o', binary, `./examples/targets/stacks/go/${dir}`],
    env: { GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOCACHE: path.join(CACHE, 'build-cache') },
  };
}

function goNeeds(sources: readonly [string, string][]): Stack['needs'] {
  return [{ path: GO, install: 'golang-go' }, ...sources.map(([dir, pkg]) => ({ path: path.join(GOPATH, 'src', dir), install: pkg }))];
}

const NETHTTP_BINARY = path.join(CACHE, 'go-nethttp', 'server');
const GIN_BINARY = path.join(CACHE, 'gin', 'server');

export const GO_STACKS: readonly Stack[] = [
  {
    slug: 'go-nethttp',
    name: 'Go net/http + rs/cors',
    configuration: 'as its docs say: `cors.New(cors.Options{AllowedOrigins: []string{origin}, AllowedMethods: []string{"GET", "POST", "PUT"}, AllowCredentials: true, ExposedHeaders: []string{"X-Cat-Dog"}}).Handler(mux)`, cookies with `http.SetCookie`',
    source: 'examples/targets/stacks/go/nethttp/main.go',
    command: NETHTTP_BINARY,
    args: ['--port', '0'],
    packages: ['golang-go', 'golang-github-rs-cors-dev'],
    needs: goNeeds([['github.com/rs/cors', 'golang-github-rs-cors-dev']]),
    prepare: goBuild('nethttp', NETHTTP_BINARY),
    fails: [],
  },
  {
    slug: 'gin',
    name: 'Gin + gin-contrib/cors',
    configuration: 'as its docs say: `cors.DefaultConfig()` with `AllowOrigins = []string{origin}`, `AllowCredentials = true`, `ExposeHeaders = []string{"X-Cat-Dog"}`, cookies with `c.SetCookie`, the sign-up bound with `ShouldBindJSON` (`binding:"required"`)',
    source: 'examples/targets/stacks/go/gin/main.go',
    command: GIN_BINARY,
    args: ['--port', '0'],
    packages: ['golang-go', 'golang-github-gin-gonic-gin-dev', 'golang-github-gin-contrib-cors-dev'],
    needs: goNeeds([
      ['github.com/gin-gonic/gin', 'golang-github-gin-gonic-gin-dev'],
      ['github.com/gin-contrib/cors', 'golang-github-gin-contrib-cors-dev'],
    ]),
    prepare: goBuild('gin', GIN_BINARY),
    fails: [],
  },
];
