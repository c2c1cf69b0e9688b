/**
 * Every implementation of the contract this project runs the suite against,
 * each started as its users would start it, on a free loopback port. To add
 * one: put it in examples/targets/<name>/, make it print "listening on URL"
 * once it accepts connections, and list it here.
 */
import { existsSync } from 'node:fs';

// Debian's python3 has python3-fastapi; another python3 on PATH (pyenv, say) may not.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const TS = ['-r', './scripts/transpile-only.js'];

export interface Implementation {
  /** Short, stable, used in file names. */
  readonly slug: string;
  readonly name: string;
  readonly source: string;
  readonly command: string;
  readonly args: readonly string[];
}

export const IMPLEMENTATIONS: readonly Implementation[] = [
  { slug: 'reference', name: 'Reference (Fastify + @fastify/cors + @fastify/cookie)', source: 'reference-server/', command: process.execPath, args: [...TS, 'reference-server/main.ts', '--port', '0'] },
  { slug: 'fastapi', name: 'FastAPI + CORSMiddleware', source: 'examples/targets/fastapi/main.py', command: PYTHON, args: ['examples/targets/fastapi/main.py', '--port', '0'] },
  { slug: 'express', name: 'Express 5 + cors', source: 'examples/targets/express/server.js', command: process.execPath, args: ['examples/targets/express/server.js', '--port', '0'] },
  { slug: 'hono', name: 'Hono + zod', source: 'examples/targets/hono/server.ts', command: process.execPath, args: [...TS, 'examples/targets/hono/server.ts', '--port', '0'] },
];
