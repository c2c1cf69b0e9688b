// The floor: the same HTTP exchanges a suite run makes, sent one after
// another by Node's own HTTP client over one keep-alive agent.
//   node scripts/bench/floor.js exchanges.json            against a reference server started
//                                                         in this process, as the suite's CLI starts it
//   node scripts/bench/floor.js exchanges.json BASE_URL   a bare Node client against a running target,
//                                                         a connection per request as the suite's own client
//                                                         (supertest) makes: uvicorn 0.17 stalls a keep-alive
//                                                         client for about 40 ms an exchange (6.5 s a run here)
'use strict';
const http = require('node:http');
const { readFileSync } = require('node:fs');

function send(agent, base, exchange) {
  return new Promise((resolve, reject) => {
    const body = exchange.body === '' ? undefined : Buffer.from(exchange.body);
    const headers = Object.fromEntries(exchange.headers);
    if (body) headers['content-length'] = String(body.length);
    const req = http.request(`${base}${exchange.path}`, { method: exchange.method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function referenceServer() {
  process.env.TS_NODE_TRANSPILE_ONLY = 'true';
  require('ts-node/register');
  return require('../../reference-server/server').startReferenceServer();
}

(async () => {
  const exchanges = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const server = process.argv[3] === undefined ? await referenceServer() : { url: process.argv[3], close: async () => undefined };
  const agent = new http.Agent({ keepAlive: process.argv[3] === undefined });
  for (const exchange of exchanges) await send(agent, server.url, exchange);
  agent.destroy();
  await server.close();
})();
